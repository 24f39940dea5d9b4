// A destination's size: what its snapshots take there, from `restic stats --mode
// raw-data`. Chosen over summing the repository's files because it works the same for
// every kind of destination (restic lists no file sizes for SFTP, S3, REST or rclone)
// and is cheap right after a copy: it reads the index and the snapshots' trees, whose
// packs the copy just left in restic's local cache; no data pack is downloaded. It
// counts the stored (compressed) blobs, not pack headers or unreferenced data, so it is
// a little below the bytes on the destination's disk. Measured after a copy or prune
// that changed it (never on every list) and kept with that copy's record.
import { z } from 'zod';
import { ContractError } from '../../../shared/errors';
import { runResticSerialized } from '../repository/restic-runner';
import { runOptions, type DestAccess } from './dest-access';

const statsSchema = z.object({ total_size: z.number().nonnegative() });

export async function measureSize(d: DestAccess, signal?: AbortSignal): Promise<number> {
  const res = await runResticSerialized(
    d.access,
    [...d.optionArgs, 'stats', '--mode', 'raw-data'],
    runOptions(d, { collect: true, ...(signal ? { signal } : {}) }),
  );
  for (const m of res.messages) {
    const parsed = statsSchema.safeParse(m);
    if (parsed.success) return parsed.data.total_size;
  }
  throw new ContractError('corrupt', `restic gave destination "${d.name}"'s size in an unknown form.`);
}

/** The size, or undefined when it could not be measured (the copy itself succeeded: not worth failing it). */
export async function sizeOrUndefined(d: DestAccess, signal?: AbortSignal): Promise<number | undefined> {
  try {
    return await measureSize(d, signal);
  } catch (err) {
    if (err instanceof ContractError && err.code === 'cancelled') throw err;
    return undefined;
  }
}
