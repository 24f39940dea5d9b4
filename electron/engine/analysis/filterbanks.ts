// Fixed matrices of the analysis, built once per worker: the mel filterbank (Slaney
// scale and area normalisation), the DCT-II that turns log-mel into MFCC, the chroma
// filterbank, and the octave bands of spectral contrast.
import { N_BINS, N_CHROMA, N_MELS, N_MFCC, SAMPLE_RATE, binFrequency } from './constants';

/** A filter that is non-zero on bins [start, start + weights.length). */
export interface SparseFilter {
  start: number;
  weights: Float32Array;
}

// Slaney's mel scale: linear below 1 kHz, logarithmic above.
const F_SP = 200 / 3;
const MIN_LOG_HZ = 1000;
const MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
const LOG_STEP = Math.log(6.4) / 27;

export function hzToMel(hz: number): number {
  return hz < MIN_LOG_HZ ? hz / F_SP : MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOG_STEP;
}

export function melToHz(mel: number): number {
  return mel < MIN_LOG_MEL ? mel * F_SP : MIN_LOG_HZ * Math.exp(LOG_STEP * (mel - MIN_LOG_MEL));
}

export function melFilterbank(nMels = N_MELS, fmin = 0, fmax = SAMPLE_RATE / 2): SparseFilter[] {
  const lo = hzToMel(fmin);
  const hi = hzToMel(fmax);
  const edges: number[] = [];
  for (let i = 0; i < nMels + 2; i++) edges.push(melToHz(lo + ((hi - lo) * i) / (nMels + 1)));
  const filters: SparseFilter[] = [];
  for (let m = 0; m < nMels; m++) {
    const [left, centre, right] = [edges[m]!, edges[m + 1]!, edges[m + 2]!];
    // Area normalisation: each filter sums to about the same energy whatever its width.
    const norm = 2 / (right - left);
    const w: number[] = [];
    let start = -1;
    for (let k = 0; k < N_BINS; k++) {
      const f = binFrequency(k);
      const v = Math.max(0, Math.min((f - left) / (centre - left), (right - f) / (right - centre)));
      if (v > 0) {
        if (start < 0) start = k;
        // Keep interior zeros so weights stay contiguous.
        while (start + w.length < k) w.push(0);
        w.push(v * norm);
      }
    }
    filters.push({ start: Math.max(0, start), weights: Float32Array.from(w) });
  }
  return filters;
}

/**
 * A filterbank packed into flat arrays for the per-frame loop: filter m weighs bins
 * start[m], start[m] + 1, ... with weights[offsets[m]] .. weights[offsets[m + 1] - 1].
 */
export interface PackedFilterbank {
  starts: Int32Array;
  offsets: Int32Array;
  weights: Float64Array;
}

export function packFilters(filters: readonly SparseFilter[]): PackedFilterbank {
  const offsets = new Int32Array(filters.length + 1);
  filters.forEach((f, m) => (offsets[m + 1] = offsets[m]! + f.weights.length));
  const weights = new Float64Array(offsets[filters.length]!);
  filters.forEach((f, m) => weights.set(f.weights, offsets[m]!));
  return { starts: Int32Array.from(filters, (f) => f.start), offsets, weights };
}

/** Orthonormal DCT-II rows 0..nOut-1 over nIn inputs, row-major. */
export function dctMatrix(nOut = N_MFCC, nIn = N_MELS): Float32Array {
  const m = new Float32Array(nOut * nIn);
  for (let k = 0; k < nOut; k++) {
    const scale = k === 0 ? Math.sqrt(1 / nIn) : Math.sqrt(2 / nIn);
    for (let n = 0; n < nIn; n++) m[k * nIn + n] = scale * Math.cos((Math.PI * k * (2 * n + 1)) / (2 * nIn));
  }
  return m;
}

/** Chroma weights only cover bins whose frequency is musically useful. */
const CHROMA_MIN_HZ = 50;
const CHROMA_MAX_HZ = 5000;
/** Octave weighting: a broad bump centred on C5, so bass rumble and hiss count less. */
const CHROMA_CENTRE_HZ = 523.25;
const CHROMA_OCTAVE_SIGMA = 1.5;
const C0_HZ = 16.351597831287414;

/** Weights below this share of a bin's total are dropped: they cost time and change nothing. */
const CHROMA_MIN_WEIGHT = 1e-3;

export interface ChromaFilterbank {
  /** For bin entry i: the bin, and its weights in [offsets[i], offsets[i + 1]) of classes/weights. */
  bins: Int32Array;
  offsets: Int32Array;
  classes: Int32Array;
  weights: Float32Array;
}

/**
 * Each bin's energy is shared among the pitch classes near its frequency with a
 * Gaussian in semitones, at least one semitone wide and wider where a bin spans
 * more than a semitone (low frequencies). Stored sparse: most bins feed 3 classes.
 */
export function chromaFilterbank(): ChromaFilterbank {
  const firstBin = Math.ceil((CHROMA_MIN_HZ * 2 * (N_BINS - 1)) / SAMPLE_RATE);
  const lastBin = Math.floor((CHROMA_MAX_HZ * 2 * (N_BINS - 1)) / SAMPLE_RATE);
  const bins: number[] = [];
  const offsets: number[] = [0];
  const classes: number[] = [];
  const weights: number[] = [];
  const binHz = binFrequency(1);
  for (let k = firstBin; k <= lastBin; k++) {
    const f = binFrequency(k);
    const semis = 12 * Math.log2(f / C0_HZ);
    const binWidthSemis = (12 * binHz) / (f * Math.LN2);
    const sigma = Math.max(0.5, binWidthSemis / 2);
    const octave = Math.log2(f / CHROMA_CENTRE_HZ) / CHROMA_OCTAVE_SIGMA;
    const octaveWeight = Math.exp(-0.5 * octave * octave);
    let sum = 0;
    const row = new Float64Array(N_CHROMA);
    for (let c = 0; c < N_CHROMA; c++) {
      let d = (semis - c) % 12;
      if (d > 6) d -= 12;
      if (d <= -6) d += 12;
      row[c] = Math.exp(-0.5 * (d / sigma) ** 2);
      sum += row[c]!;
    }
    bins.push(k);
    for (let c = 0; c < N_CHROMA; c++) {
      if (row[c]! / sum < CHROMA_MIN_WEIGHT) continue;
      classes.push(c);
      weights.push((row[c]! / sum) * octaveWeight);
    }
    offsets.push(classes.length);
  }
  return {
    bins: Int32Array.from(bins),
    offsets: Int32Array.from(offsets),
    classes: Int32Array.from(classes),
    weights: Float32Array.from(weights),
  };
}

/** Rounds half to even, as NumPy's rint does. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * librosa's spectral contrast bands (fmin 200 Hz, 6 octaves, then the rest up to
 * Nyquist): band k covers the bins whose frequency lies in [lo, hi], plus the bin
 * below for k > 0, less the top bin for all but the last band, which takes every bin
 * above. `count` is the band's size before that top bin is dropped: the 2% quantile
 * is sized on it.
 */
export function contrastBands(fmin = 200, nBands = 6): { start: number; end: number; count: number }[] {
  const edges = [0];
  for (let i = 0; i <= nBands; i++) edges.push(fmin * 2 ** i);
  const bands: { start: number; end: number; count: number }[] = [];
  for (let b = 0; b <= nBands; b++) {
    const lo = edges[b]!;
    const hi = edges[b + 1]!;
    let first = -1;
    let last = -1;
    for (let k = 0; k < N_BINS; k++) {
      const f = binFrequency(k);
      if (f >= lo && f <= hi) {
        if (first < 0) first = k;
        last = k;
      }
    }
    const start = b > 0 ? first - 1 : first;
    if (b === nBands) bands.push({ start, end: N_BINS, count: N_BINS - start });
    else bands.push({ start, end: last, count: last - start + 1 });
  }
  return bands;
}
