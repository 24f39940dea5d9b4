// A long list handed from a worker to the main thread in its one answer, without one
// long stall: the worker serialises the list in parts of PART_ITEMS items, each into a
// SharedArrayBuffer (shared memory, so posting the answer copies none of it), and the
// receiver deserialises one part per turn of its event loop.
//
// This replaces paging a worker's results back one request at a time (the worker then
// had to keep them and hand out offsets): the worker keeps nothing once it has answered,
// and the caller's own store is the only place the list is paged from.
import v8 from 'node:v8';
import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Items per part: deserialising 1,000 track changes takes a couple of milliseconds (2,000
 * took ~5 ms, a visible share of a 16 ms frame).
 */
export const PART_ITEMS = 1000;

export interface PackedList<T> {
  readonly count: number;
  readonly parts: readonly SharedArrayBuffer[];
  /** Never set: carries the item type from packList to unpackList. */
  readonly itemType?: T;
}

/** Serialises `items` in parts of `partItems` (in the worker). */
export function packList<T>(items: readonly T[], partItems: number = PART_ITEMS): PackedList<T> {
  const parts: SharedArrayBuffer[] = [];
  for (let start = 0; start < items.length; start += partItems) {
    const bytes = v8.serialize(items.slice(start, start + partItems));
    const shared = new SharedArrayBuffer(bytes.length);
    new Uint8Array(shared).set(bytes);
    parts.push(shared);
  }
  return { count: items.length, parts };
}

/** The list again, in order; yields to the event loop between parts (on the main thread). */
export async function unpackList<T>(packed: PackedList<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < packed.parts.length; i++) {
    if (i > 0) await nextTurn();
    const part: unknown = v8.deserialize(new Uint8Array(packed.parts[i]!));
    if (!Array.isArray(part)) throw new Error('A packed list part is not a list.');
    // packList wrote these parts from a T[]; serialisation keeps plain data as it was.
    for (const item of part as T[]) out.push(item);
  }
  if (out.length !== packed.count) {
    throw new Error(`A packed list holds ${out.length} items instead of ${packed.count}.`);
  }
  return out;
}
