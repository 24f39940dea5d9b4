// librosa.feature.chroma_cqt with its defaults, as the generator's harmony tower
// computes it: a constant-Q transform of 7 octaves from C1 (36 bins per octave,
// retuned by the estimated tuning), magnitudes, folded into 12 pitch classes (each
// class takes its bin and the ones either side), each frame divided by its largest
// class. The transform is librosa's multirate one: the top octave's 36 filters are
// applied in the frequency domain (FFT 1024, hop 512) at 22,050 Hz, then the signal
// is halved in rate (and the hop with it) for each lower octave; each filter is a
// Hann-windowed complex exponential, L1-normalised, its spectrum thinned to the bins
// holding 99% of its magnitude; responses are scaled by 1/sqrt(filter length).
//
// It runs as a stream (ChromaCqtStream): samples go in block by block, each octave
// keeps only the samples its next frames need and halves them on into the octave
// below as they come, and a frame's 252 magnitudes are folded into its 12 classes
// as soon as every octave has computed that frame. A long track so never needs its
// constant-Q matrix (252 doubles a frame: 150 MB for 29 minutes) nor its halved
// copies; the values are the whole-buffer transform's, bit for bit.
import FFT from 'fft.js';
import { HqHalfRateDecimator } from '../audio/hq-half-rate';
import { RealFft } from '../audio/real-fft';
import { HOP, N_CHROMA, SAMPLE_RATE } from './constants';
import { hypot2 } from './hypot';

const BINS_PER_OCTAVE = 36;
const N_OCTAVES = 7;
const C1_HZ = 32.70319566257483;
const SPARSITY = 0.01;
/** Q of librosa's filters: 1 / relative bandwidth at 36 bins per octave. */
const ALPHA = (2 ** (2 / BINS_PER_OCTAVE) - 1) / (2 ** (2 / BINS_PER_OCTAVE) + 1);
const Q = 1 / ALPHA;

export interface OctaveBank {
  nFft: number;
  /** Filter j's non-zero spectrum entries: bins[offsets[j]..offsets[j+1]) with re/im. */
  offsets: Int32Array;
  bins: Int32Array;
  re: Float64Array;
  im: Float64Array;
  /** Per filter: sqrt(sr / octave sr) / sqrt(length at the full rate). */
  scale: Float64Array;
}

function hann(n: number): Float64Array {
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n);
  return w;
}

/** The filters of octave `octave` (0 = top) at its own rate, for a given tuning. */
function octaveBank(octave: number, tuning: number): OctaveBank {
  const sr = SAMPLE_RATE / 2 ** octave;
  const fmin = C1_HZ * 2 ** (tuning / BINS_PER_OCTAVE);
  const firstBin = (N_OCTAVES - 1 - octave) * BINS_PER_OCTAVE;
  const freqs: number[] = [];
  for (let j = 0; j < BINS_PER_OCTAVE; j++) freqs.push(fmin * 2 ** ((firstBin + j) / BINS_PER_OCTAVE));
  const lengths = freqs.map((f) => (Q * sr) / f);
  let nFft = 1;
  while (nFft < Math.max(...lengths)) nFft *= 2;
  const fft = new FFT(nFft);
  const offsets = new Int32Array(BINS_PER_OCTAVE + 1);
  const bins: number[] = [];
  const re: number[] = [];
  const im: number[] = [];
  const scale = new Float64Array(BINS_PER_OCTAVE);
  const half = nFft / 2 + 1;
  freqs.forEach((f, j) => {
    const len = lengths[j]!;
    const from = Math.floor(-len / 2);
    const to = Math.floor(len / 2);
    const n = to - from;
    const w = hann(n);
    let l1 = 0;
    for (let i = 0; i < n; i++) l1 += w[i]!;
    const basis = new Float64Array(2 * nFft);
    const pad = Math.floor((nFft - n) / 2);
    const gain = len / nFft / l1;
    for (let i = 0; i < n; i++) {
      const phase = ((from + i) * 2 * Math.PI * f) / sr;
      basis[2 * (pad + i)] = Math.cos(phase) * w[i]! * gain;
      basis[2 * (pad + i) + 1] = Math.sin(phase) * w[i]! * gain;
    }
    const spec = fft.createComplexArray() as number[];
    fft.transform(spec, basis);
    const mags = new Float64Array(half);
    let norm = 0;
    for (let k = 0; k < half; k++) {
      mags[k] = hypot2(spec[2 * k]!, spec[2 * k + 1]!);
      norm += mags[k]!;
    }
    const sorted = Float64Array.from(mags).sort();
    let cumulative = 0;
    let cut = sorted[half - 1]!;
    for (let k = 0; k < half; k++) {
      cumulative += sorted[k]! / norm;
      if (!(cumulative < SPARSITY)) {
        cut = sorted[k]!;
        break;
      }
    }
    for (let k = 0; k < half; k++) {
      if (mags[k]! < cut) continue;
      bins.push(k);
      re.push(spec[2 * k]!);
      im.push(spec[2 * k + 1]!);
    }
    offsets[j + 1] = bins.length;
    const fullLength = (Q * SAMPLE_RATE) / f;
    scale[j] = Math.sqrt(2 ** octave) / Math.sqrt(fullLength);
  });
  return {
    nFft,
    offsets,
    bins: Int32Array.from(bins),
    re: Float64Array.from(re),
    im: Float64Array.from(im),
    scale,
  };
}

/** Banks by tuning (0.01 steps: at most 101 tunings, each built once per worker). */
const BANKS = new Map<number, OctaveBank[]>();

export function banksFor(tuning: number): OctaveBank[] {
  const key = Math.round(tuning * 100);
  let banks = BANKS.get(key);
  if (!banks) {
    banks = Array.from({ length: N_OCTAVES }, (_, o) => octaveBank(o, tuning));
    BANKS.set(key, banks);
  }
  return banks;
}

/** One real FFT per size, per worker. */
const REAL_FFTS = new Map<number, RealFft>();

function realFftOf(size: number): RealFft {
  let fft = REAL_FFTS.get(size);
  if (!fft) {
    fft = new RealFft(size);
    REAL_FFTS.set(size, fft);
  }
  return fft;
}

const PER_FRAME = N_OCTAVES * BINS_PER_OCTAVE;

/**
 * Backbeat's key (metadata only) reads a pitch-class profile of its own from the same
 * transform: octaves from C3 up, weighted by a broad bump around C5, so drums and
 * bass rumble do not pull the key.
 */
const KEY_FIRST_OCTAVE = 2;
const KEY_CENTRE_OCTAVE = 4;
const KEY_OCTAVE_SIGMA = 1.5;

const KEY_WEIGHT = Float64Array.from({ length: PER_FRAME }, (_, b) => {
  const octave = b / BINS_PER_OCTAVE;
  return octave < KEY_FIRST_OCTAVE
    ? 0
    : Math.exp(-0.5 * ((octave - KEY_CENTRE_OCTAVE) / KEY_OCTAVE_SIGMA) ** 2);
});
/** CQT bin b feeds class ((b + 1) mod 36) / 3. */
const CLASS_OF = Int32Array.from({ length: PER_FRAME }, (_, b) =>
  Math.floor(((b + 1) % BINS_PER_OCTAVE) / 3),
);

export interface ChromaCqt {
  /** chroma[t * 12 + c] for frames t = 0..nFrames-1 (nFrames = 1 + floor(samples / 512)). */
  chroma: Float32Array;
  keyProfile: number[];
}

/** Frames' 252 magnitudes between the octave that computes them first and the one that does last. */
class PendingFrames {
  private rows = new Float64Array(PER_FRAME * 64);
  private capacity = 64;
  /** First frame not yet folded; frames below `written` may be held. */
  folded = 0;
  written = 0;

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
    this.capacity = capacity;
  }
}

/** One octave's filters over its signal (the input halved `octave` times). */
class OctaveStream {
  private readonly fft: RealFft;
  private readonly frame: Float64Array;
  /** Bins 0..nFft/2, interleaved; the Nyquist bin's imaginary part is 0. */
  private readonly spec: Float64Array;
  private readonly halfFft: number;
  private readonly hop: number;
  private readonly firstBin: number;
  private readonly lowBin: number;
  private readonly highBin: number;
  /** buf[i] is signal sample bufStart + i, for i < bufLen. */
  private buf = new Float32Array(4096);
  private bufStart = 0;
  private bufLen = 0;
  /** Samples received. */
  private total = 0;
  /** Next frame to compute. */
  next = 0;

  constructor(
    private readonly bank: OctaveBank,
    octave: number,
  ) {
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
  }

  push(samples: Float32Array): void {
    if (this.bufLen + samples.length > this.buf.length) {
      const next = new Float32Array(Math.max(this.buf.length * 2, this.bufLen + samples.length));
      next.set(this.buf.subarray(0, this.bufLen));
      this.buf = next;
    }
    this.buf.set(samples, this.bufLen);
    this.bufLen += samples.length;
    this.total += samples.length;
  }

  /**
   * Computes frames below `until` whose samples have all arrived (all of them once
   * the signal is complete: zeros after it), then drops the samples no later frame reads.
   */
  run(until: number, complete: boolean, pending: PendingFrames): void {
    const { hop, halfFft } = this;
    while (this.next < until) {
      const start = this.next * hop - halfFft;
      if (!complete && start + 2 * halfFft > this.total) break;
      this.computeFrame(this.next, start, pending);
      this.next++;
    }
    const keep = this.next * hop - halfFft;
    const drop = Math.min(this.bufLen, Math.max(0, keep - this.bufStart));
    if (drop > 0) {
      this.buf.copyWithin(0, drop, this.bufLen);
      this.bufLen -= drop;
      this.bufStart += drop;
    }
  }

  private computeFrame(t: number, start: number, pending: PendingFrames): void {
    const { frame, spec, bank, firstBin } = this;
    const row = pending.rowOf(t) + firstBin;
    const rows = pending.rowsArray();
    if (!this.copyFrame(start)) {
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

  /**
   * Copies signal[start .. start + nFft) into the frame, zeros outside the signal;
   * false when every sample is zero (the frame's response is then zero).
   */
  private copyFrame(start: number): boolean {
    const { frame, buf, bufStart } = this;
    const n = frame.length;
    const from = Math.max(0, start);
    const to = Math.min(this.total, start + n);
    if (from > start) frame.fill(0, 0, Math.min(n, from - start));
    if (to < start + n) frame.fill(0, Math.max(0, to - start));
    let any = false;
    for (let at = from, i = from - start; at < to; at++, i++) {
      const v = buf[at - bufStart]!;
      frame[i] = v;
      if (v !== 0) any = true;
    }
    return any;
  }
}

/**
 * librosa's chroma_cqt over a signal given block by block: push the blocks in order,
 * then finish(); the same values as chromaCqt on the whole signal at once.
 */
export class ChromaCqtStream {
  private readonly octaves: OctaveStream[];
  /** decimators[o] halves octave o's signal into octave o + 1's. */
  private readonly decimators: HqHalfRateDecimator[] = [];
  private readonly pending = new PendingFrames();
  private samples = 0;
  private chroma = new Float32Array(N_CHROMA * 1024);
  private readonly keyProfile = new Array<number>(N_CHROMA).fill(0);
  private readonly acc = new Float64Array(N_CHROMA);
  private readonly keyAcc = new Float64Array(N_CHROMA);
  private finished = false;

  constructor(tuning: number) {
    const banks = banksFor(tuning);
    this.octaves = banks.map((bank, o) => new OctaveStream(bank, o));
    for (let o = 0; o < N_OCTAVES - 1; o++) this.decimators.push(new HqHalfRateDecimator());
  }

  push(samples: Float32Array): void {
    if (this.finished) throw new Error('ChromaCqtStream: push after finish');
    if (samples.length === 0) return;
    this.samples += samples.length;
    this.feed(0, samples);
    this.fold(Math.min(...this.octaves.map((o) => o.next)));
  }

  finish(): ChromaCqt {
    const nFrames = 1 + Math.floor(this.samples / HOP);
    if (!this.finished) {
      this.finished = true;
      // Each octave ends in turn: its last frames (zeros after the signal), then the
      // rest of its halved signal goes on down.
      for (let o = 0; o < N_OCTAVES; o++) {
        this.octaves[o]!.run(nFrames, true, this.pending);
        if (o < N_OCTAVES - 1) {
          const rest = this.decimators[o]!.flush();
          if (rest.length > 0) this.feed(o + 1, halved(rest));
        }
      }
      this.fold(nFrames);
    }
    return { chroma: this.chroma.slice(0, nFrames * N_CHROMA), keyProfile: this.keyProfile };
  }

  /**
   * Octave o takes `samples` and computes the frames it now can; its halved samples
   * go on down. (Frames needing samples not yet here wait for more, or for finish.)
   */
  private feed(o: number, samples: Float32Array): void {
    const octave = this.octaves[o]!;
    octave.push(samples);
    octave.run(Infinity, false, this.pending);
    if (o < N_OCTAVES - 1) {
      const down = this.decimators[o]!.push(samples);
      if (down.length > 0) this.feed(o + 1, halved(down));
    }
  }

  /** Folds frames below `upTo` (every octave has them): 12 classes, each frame divided by its largest. */
  private fold(upTo: number): void {
    const { pending, acc, keyAcc, keyProfile } = this;
    if (upTo * N_CHROMA > this.chroma.length) {
      const grown = new Float32Array(Math.max(2 * this.chroma.length, upTo * N_CHROMA));
      grown.set(this.chroma);
      this.chroma = grown;
    }
    const chroma = this.chroma;
    for (let t = pending.folded; t < upTo; t++) {
      const cqt = pending.read(t);
      acc.fill(0);
      keyAcc.fill(0);
      for (let b = 0; b < PER_FRAME; b++) {
        const c = CLASS_OF[b]!;
        const v = cqt[b]!;
        acc[c]! += v;
        keyAcc[c]! += v * KEY_WEIGHT[b]!;
      }
      let max = 0;
      let keyMax = 0;
      for (let c = 0; c < N_CHROMA; c++) {
        max = Math.max(max, acc[c]!);
        keyMax = Math.max(keyMax, keyAcc[c]!);
      }
      if (keyMax > 1e-300) for (let c = 0; c < N_CHROMA; c++) keyProfile[c]! += keyAcc[c]! / keyMax;
      if (max < 1e-300) continue;
      for (let c = 0; c < N_CHROMA; c++) chroma[t * N_CHROMA + c] = acc[c]! / max;
    }
    pending.folded = Math.max(pending.folded, upTo);
  }
}

/** Halved samples scaled by sqrt(2) after rounding, as librosa's resampling does (decimateAll's gain). */
function halved(samples: Float32Array): Float32Array {
  for (let i = 0; i < samples.length; i++) samples[i]! *= Math.SQRT2;
  return samples;
}

export function chromaCqt(y: Float32Array, tuning: number): ChromaCqt {
  const stream = new ChromaCqtStream(tuning);
  stream.push(y);
  return stream.finish();
}
