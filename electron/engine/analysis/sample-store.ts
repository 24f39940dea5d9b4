// The decoded samples of a track, kept in the blocks they came in: the constant-Q
// chroma reads them once, block by block, and the start, mid and end slices are
// copied out of them. Never joined into one array (on a 29-minute track that copy
// alone was 150 MB on top of the blocks).
import { ChromaCqtStream, type ChromaCqt } from './cqt-chroma';

/**
 * What the per-signal analysis needs of the samples once the frames are done: how
 * many there were, and their constant-Q chroma at the frames' tuning (computed only
 * when the signal is not silent).
 */
export interface SignalSamples {
  readonly length: number;
  chroma(tuning: number): ChromaCqt;
}

/** The chroma of samples read front to back, block by block. */
function chromaOfBlocks(
  forEachBlock: (fn: (block: Float32Array) => void) => void,
  tuning: number,
): ChromaCqt {
  const stream = new ChromaCqtStream(tuning);
  forEachBlock((block) => stream.push(block));
  return stream.finish();
}

/** A signal already in one array. */
export function samplesOf(samples: Float32Array): SignalSamples {
  return { length: samples.length, chroma: (tuning) => chromaOfBlocks((fn) => fn(samples), tuning) };
}

export class SampleStore implements SignalSamples {
  private readonly blocks: Float32Array[] = [];
  private readonly starts: number[] = [];
  length = 0;

  /** Keeps a copy of `samples` (decoders reuse their buffers). */
  add(samples: Float32Array): void {
    if (samples.length === 0) return;
    this.blocks.push(samples.slice());
    this.starts.push(this.length);
    this.length += samples.length;
  }

  chroma(tuning: number): ChromaCqt {
    return chromaOfBlocks((fn) => this.blocks.forEach((block) => fn(block)), tuning);
  }

  /** Samples [from, to) in a new array. */
  slice(from: number, to: number): Float32Array {
    const out = new Float32Array(Math.max(0, to - from));
    for (let i = 0; i < this.blocks.length; i++) {
      const start = this.starts[i]!;
      const block = this.blocks[i]!;
      const a = Math.max(from, start);
      const b = Math.min(to, start + block.length);
      if (a < b) out.set(block.subarray(a - start, b - start), a - from);
    }
    return out;
  }
}

/** Copies the parts of blocks streaming past that fall in given sample ranges. */
export class RangeCollector {
  readonly slices: Float32Array[];
  private position = 0;

  constructor(private readonly ranges: readonly (readonly [number, number])[]) {
    this.slices = ranges.map(([a, b]) => new Float32Array(Math.max(0, b - a)));
  }

  get length(): number {
    return this.position;
  }

  add(block: Float32Array): void {
    const start = this.position;
    const end = start + block.length;
    this.ranges.forEach(([from, to], i) => {
      const a = Math.max(from, start);
      const b = Math.min(to, end);
      if (a < b) this.slices[i]!.set(block.subarray(a - start, b - start), a - from);
    });
    this.position = end;
  }
}
