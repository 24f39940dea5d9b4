// librosa.feature.chroma_cqt with its defaults, as the generator's harmony tower
// computes it: a constant-Q transform of 7 octaves from C1 (36 bins per octave,
// retuned by the estimated tuning), magnitudes, folded into 12 pitch classes (each
// class takes its bin and the ones either side), each frame divided by its largest
// class. The transform is librosa's multirate one: the top octave's 36 filters are
// applied in the frequency domain (FFT 1024, hop 512) at 22,050 Hz, then the signal
// is halved in rate (and the hop with it) for each lower octave; each filter is a
// Hann-windowed complex exponential, L1-normalised, its spectrum thinned to the bins
// holding 99% of its magnitude; responses are scaled by 1/sqrt(filter length).
import FFT from 'fft.js';
import { decimateAll } from '../audio/hq-half-rate';
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

interface OctaveBank {
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

function banksFor(tuning: number): OctaveBank[] {
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

/**
 * Copies signal[start .. start + frame.length) into `frame`, zeros outside the
 * signal; false when every sample is zero (the frame's response is then zero).
 */
function copyFrame(signal: Float32Array, start: number, frame: Float64Array): boolean {
  const n = frame.length;
  const from = Math.max(0, start);
  const to = Math.min(signal.length, start + n);
  if (from > start) frame.fill(0, 0, Math.min(n, from - start));
  if (to < start + n) frame.fill(0, Math.max(0, to - start));
  let any = false;
  for (let at = from, i = from - start; at < to; at++, i++) {
    const v = signal[at]!;
    frame[i] = v;
    if (v !== 0) any = true;
  }
  return any;
}

/** The signal halved in rate with the resampler's filter, scaled by sqrt(2) as librosa does. */
function halve(y: Float32Array): Float32Array {
  return decimateAll(y, Math.SQRT2);
}

/**
 * Backbeat's key (metadata only) reads a pitch-class profile of its own from the same
 * transform: octaves from C3 up, weighted by a broad bump around C5, so drums and
 * bass rumble do not pull the key.
 */
const KEY_FIRST_OCTAVE = 2;
const KEY_CENTRE_OCTAVE = 4;
const KEY_OCTAVE_SIGMA = 1.5;

export interface ChromaCqt {
  /** chroma[t * 12 + c] for frames t = 0..nFrames-1 (nFrames = 1 + floor(samples / 512)). */
  chroma: Float32Array;
  keyProfile: number[];
}

export function chromaCqt(y: Float32Array, tuning: number): ChromaCqt {
  const nFrames = 1 + Math.floor(y.length / HOP);
  const cqt = new Float64Array(nFrames * N_OCTAVES * BINS_PER_OCTAVE);
  const banks = banksFor(tuning);
  let signal = y;
  let hop = HOP;
  for (let o = 0; o < N_OCTAVES; o++) {
    const bank = banks[o]!;
    const { nFft, offsets, bins, re, im, scale } = bank;
    const fft = realFftOf(nFft);
    const frame = new Float64Array(nFft);
    // Bins 0..nFft/2, interleaved; the Nyquist bin's imaginary part is 0.
    const spec = new Float64Array(nFft + 2);
    const firstBin = (N_OCTAVES - 1 - o) * BINS_PER_OCTAVE;
    const halfFft = nFft / 2;
    let lowBin = halfFft;
    let highBin = 0;
    for (const k of bins) {
      lowBin = Math.min(lowBin, k);
      highBin = Math.max(highBin, k);
    }
    for (let t = 0; t < nFrames; t++) {
      const start = t * hop - halfFft;
      if (!copyFrame(signal, start, frame)) continue;
      // Only the bins the filters read.
      fft.spectrumInto(frame, spec, lowBin, highBin);
      const row = t * N_OCTAVES * BINS_PER_OCTAVE + firstBin;
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
        cqt[row + j] = hypot2(sr, si) * scale[j]!;
      }
    }
    if (o < N_OCTAVES - 1) {
      signal = halve(signal);
      hop /= 2;
    }
  }
  // Fold: CQT bin b feeds class ((b + 1) mod 36) / 3, then normalise each frame by its max.
  const chroma = new Float32Array(nFrames * N_CHROMA);
  const acc = new Float64Array(N_CHROMA);
  const keyAcc = new Float64Array(N_CHROMA);
  const keyProfile = new Array<number>(N_CHROMA).fill(0);
  const perFrame = N_OCTAVES * BINS_PER_OCTAVE;
  const keyWeight = Float64Array.from({ length: perFrame }, (_, b) => {
    const octave = b / BINS_PER_OCTAVE;
    return octave < KEY_FIRST_OCTAVE
      ? 0
      : Math.exp(-0.5 * ((octave - KEY_CENTRE_OCTAVE) / KEY_OCTAVE_SIGMA) ** 2);
  });
  const classOf = Int32Array.from({ length: perFrame }, (_, b) =>
    Math.floor(((b + 1) % BINS_PER_OCTAVE) / 3),
  );
  for (let t = 0; t < nFrames; t++) {
    acc.fill(0);
    keyAcc.fill(0);
    for (let b = 0; b < perFrame; b++) {
      const c = classOf[b]!;
      const v = cqt[t * perFrame + b]!;
      acc[c]! += v;
      keyAcc[c]! += v * keyWeight[b]!;
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
  return { chroma, keyProfile };
}
