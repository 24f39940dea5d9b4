// One octave of the streamed constant-Q transform (see cqt-chroma.ts): its filters
// applied to its signal (the input halved `octave` times) frame by frame as the
// samples arrive, keeping only the samples its next frames need, and the table of
// frames' 252 magnitudes waiting until every octave has computed them.
import { RealFft, packedRealFftTables } from '../audio/real-fft';
import { type NativeDsp, type NativePlan, nativeDsp } from '../dsp/native-dsp';
import { HOP } from './constants';
import { BINS_PER_OCTAVE, N_OCTAVES, type OctaveBank } from './cqt-filters';
import { hypot2 } from './hypot';
import { appendSamples } from '../audio/append-samples';

/** One real FFT per size, per worker. */
const REAL_FFTS = new Map<number, RealFft>();

export function realFftOf(size: number): RealFft {
  let fft = REAL_FFTS.get(size);
  if (!fft) {
    fft = new RealFft(size);
    REAL_FFTS.set(size, fft);
  }
  return fft;
}

export const PER_FRAME = N_OCTAVES * BINS_PER_OCTAVE;

/** Frames' 252 magnitudes between the octave that computes them first and the one that does last. */
export class PendingFrames {
  private rows = new Float64Array(PER_FRAME * 64);
  private slots = 64;
  /** First frame not yet folded; frames below `written` may be held. */
  folded = 0;
  written = 0;

  /** Frames the ring holds: frame t's row starts at (t % capacity) * PER_FRAME (the native kernels compute it so). */
  get capacity(): number {
    return this.slots;
  }

  /** Where frame t's row starts (room is made for it). */
  rowOf(t: number): number {
    if (t - this.folded >= this.capacity) this.grow(t - this.folded + 1);
    if (t >= this.written) this.written = t + 1;
    return (t % this.capacity) * PER_FRAME;
  }

  /** The rows (valid until the next rowOf). */
  rowsArray(): Float64Array {
    return this.rows;
  }

  read(t: number): Float64Array {
    const at = (t % this.capacity) * PER_FRAME;
    return this.rows.subarray(at, at + PER_FRAME);
  }

  private grow(needed: number): void {
    let capacity = this.capacity * 2;
    while (capacity < needed) capacity *= 2;
    const rows = new Float64Array(capacity * PER_FRAME);
    for (let t = this.folded; t < this.written; t++) {
      const from = (t % this.capacity) * PER_FRAME;
      rows.set(this.rows.subarray(from, from + PER_FRAME), (t % capacity) * PER_FRAME);
    }
    this.rows = rows;
    this.slots = capacity;
  }
}

/** What the chroma stream asks of an octave, however it computes its frames. */
export interface OctaveFrames {
  /** Next frame to compute. */
  readonly next: number;
  push(samples: Float32Array): void;
  /**
   * Computes frames below `until` whose samples have all arrived (all of them once
   * the signal is complete: zeros after it), then drops the samples no later frame reads.
   */
  run(until: number, complete: boolean, pending: PendingFrames): void;
}

/**
 * An octave's signal as it arrives: the samples its next frames still read, and a
 * copy of any stretch of it with zeros outside the signal.
 */
export abstract class OctaveSignal {
  /** buf[i] is signal sample bufStart + i, for i < bufLen. */
  private buf = new Float32Array(4096);
  protected bufStart = 0;
  private bufLen = 0;
  /** Samples received. */
  protected total = 0;

  push(samples: Float32Array): void {
    this.buf = appendSamples(this.buf, this.bufLen, samples);
    this.bufLen += samples.length;
    this.total += samples.length;
  }

  /** The samples held (buf[i] is signal sample bufStart + i), for the native kernels. */
  protected held(): Float32Array {
    return this.buf.subarray(0, this.bufLen);
  }

  /** Drops the samples before signal position `keep`. */
  protected dropBefore(keep: number): void {
    const drop = Math.min(this.bufLen, Math.max(0, keep - this.bufStart));
    if (drop > 0) {
      this.buf.copyWithin(0, drop, this.bufLen);
      this.bufLen -= drop;
      this.bufStart += drop;
    }
  }

  /**
   * Copies signal[start .. start + n) into target[0 .. n), zeros outside the signal
   * (and outside target[0 .. n), which stays as it is); false when every copied
   * sample is zero.
   */
  protected copySignal(target: Float64Array, start: number, n: number): boolean {
    const { buf, bufStart } = this;
    const from = Math.max(0, start);
    const to = Math.min(this.total, start + n);
    if (from > start) target.fill(0, 0, Math.min(n, from - start));
    if (to < start + n) target.fill(0, Math.max(0, to - start), n);
    if (to <= from) return false;
    // One native converting copy, then a scan that stops at the first sound (at once
    // in music): a branch per sample inside the copy cost as much as the FFT.
    target.set(buf.subarray(from - bufStart, to - bufStart), from - start);
    for (let i = from - start, end = to - start; i < end; i++) if (target[i] !== 0) return true;
    return false;
  }
}

/** Frames per native call (a batch, so the call costs nothing beside the FFTs). */
const NATIVE_BATCH = 256;

/** One octave's filters over its signal (the input halved `octave` times), one FFT a frame. */
export class OctaveStream extends OctaveSignal implements OctaveFrames {
  private readonly fft: RealFft;
  private readonly frame: Float64Array;
  /** Bins 0..nFft/2, interleaved; the Nyquist bin's imaginary part is 0. */
  private readonly spec: Float64Array;
  private readonly halfFft: number;
  private readonly hop: number;
  private readonly firstBin: number;
  private readonly lowBin: number;
  private readonly highBin: number;
  /** The native kernel's plan: computeFrame in C, operation for operation. */
  private readonly native: { dsp: NativeDsp; plan: NativePlan } | null;
  next = 0;

  /** `dsp` null runs the JavaScript arithmetic (the kernels' tests compare the two). */
  constructor(
    private readonly bank: OctaveBank,
    octave: number,
    dsp: NativeDsp | null = nativeDsp(),
  ) {
    super();
    this.fft = realFftOf(bank.nFft);
    this.frame = new Float64Array(bank.nFft);
    this.spec = new Float64Array(bank.nFft + 2);
    this.halfFft = bank.nFft / 2;
    this.hop = HOP / 2 ** octave;
    this.firstBin = (N_OCTAVES - 1 - octave) * BINS_PER_OCTAVE;
    let lowBin = this.halfFft;
    let highBin = 0;
    for (const k of bank.bins) {
      lowBin = Math.min(lowBin, k);
      highBin = Math.max(highBin, k);
    }
    this.lowBin = lowBin;
    this.highBin = highBin;
    this.native = dsp ? { dsp, plan: framePlan(dsp, bank, this.hop, this.firstBin) } : null;
  }

  run(until: number, complete: boolean, pending: PendingFrames): void {
    const { hop, halfFft } = this;
    if (this.native) this.runNative(until, complete, pending);
    while (this.next < until) {
      const start = this.next * hop - halfFft;
      if (!complete && start + 2 * halfFft > this.total) break;
      this.computeFrame(this.next, start, pending);
      this.next++;
    }
    this.dropBefore(this.next * hop - halfFft);
  }

  /** Every frame run() computes, in batches of computeFrame's loop in C. */
  private runNative(until: number, complete: boolean, pending: PendingFrames): void {
    const { dsp, plan } = this.native!;
    // The last frame whose samples have all arrived (t * hop + halfFft <= total).
    const last = complete ? until - 1 : Math.floor((this.total - this.halfFft) / this.hop);
    for (;;) {
      const count = Math.min(NATIVE_BATCH, until - this.next, last - this.next + 1);
      if (!(count > 0)) return;
      pending.rowOf(this.next + count - 1);
      dsp.cqtFrames(
        plan,
        this.held(),
        this.bufStart,
        this.next,
        count,
        pending.rowsArray(),
        pending.capacity,
      );
      this.next += count;
    }
  }

  private computeFrame(t: number, start: number, pending: PendingFrames): void {
    const { frame, spec, bank, firstBin } = this;
    const row = pending.rowOf(t) + firstBin;
    const rows = pending.rowsArray();
    if (!this.copySignal(frame, start, frame.length)) {
      rows.fill(0, row, row + BINS_PER_OCTAVE);
      return;
    }
    // Only the bins the filters read.
    this.fft.spectrumInto(frame, spec, this.lowBin, this.highBin);
    const { offsets, bins, re, im, scale } = bank;
    for (let j = 0; j < BINS_PER_OCTAVE; j++) {
      let sr = 0;
      let si = 0;
      const end = offsets[j + 1]!;
      for (let e = offsets[j]!; e < end; e++) {
        const k = 2 * bins[e]!;
        const xr = spec[k]!;
        const xi = spec[k + 1]!;
        const fr = re[e]!;
        const fi = im[e]!;
        sr += fr * xr - fi * xi;
        si += fr * xi + fi * xr;
      }
      rows[row + j] = hypot2(sr, si) * scale[j]!;
    }
  }
}

/** The native plan of one octave's filters (its tables interleaved as the kernel reads them). */
function framePlan(dsp: NativeDsp, bank: OctaveBank, hop: number, firstBin: number): NativePlan {
  const filters = new Float64Array(2 * bank.re.length);
  for (let e = 0; e < bank.re.length; e++) {
    filters[2 * e] = bank.re[e]!;
    filters[2 * e + 1] = bank.im[e]!;
  }
  return dsp.cqtFramePlan(
    bank.nFft,
    hop,
    firstBin,
    bank.offsets,
    bank.bins,
    filters,
    bank.scale,
    packedRealFftTables(bank.nFft),
  );
}
