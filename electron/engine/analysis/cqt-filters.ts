// The constant-Q filter banks of librosa's chroma_cqt (see cqt-chroma.ts): for each
// of the 7 octaves, 36 Hann-windowed complex exponentials at the octave's own rate,
// L1-normalised, their spectra thinned to the bins holding 99% of their magnitude,
// with the 1/sqrt(filter length) scale of librosa's responses.
import { ComplexFft } from '../audio/complex-fft';
import { SAMPLE_RATE } from './constants';
import { hypot2 } from './hypot';
import { periodicHann } from './hann';

export const BINS_PER_OCTAVE = 36;
export const N_OCTAVES = 7;
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

/** The filters of octave `octave` (0 = top) at its own rate, for a given tuning. */
export function octaveBank(octave: number, tuning: number): OctaveBank {
  const sr = SAMPLE_RATE / 2 ** octave;
  const fmin = C1_HZ * 2 ** (tuning / BINS_PER_OCTAVE);
  const firstBin = (N_OCTAVES - 1 - octave) * BINS_PER_OCTAVE;
  const freqs: number[] = [];
  for (let j = 0; j < BINS_PER_OCTAVE; j++) freqs.push(fmin * 2 ** ((firstBin + j) / BINS_PER_OCTAVE));
  const lengths = freqs.map((f) => (Q * sr) / f);
  let nFft = 1;
  while (nFft < Math.max(...lengths)) nFft *= 2;
  const fft = new ComplexFft(nFft);
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
    const w = periodicHann(n);
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
    const spec = new Float64Array(2 * nFft);
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

/**
 * Banks by exact tuning, so a track's values never depend on which track this worker
 * analysed before it. (Keyed by the tuning rounded to 0.01, the banks were built from
 * the first exact tuning seen under that key.) The estimator's tunings are the 101
 * steps -0.5 + i/100, so the cache stays small; other callers are bounded by clearing.
 */
const BANKS = new Map<number, OctaveBank[]>();
const MAX_CACHED_TUNINGS = 128;

/**
 * The banks for `tuning`, built without the cache (tests compare against it). Every
 * octave gets the top octave's bank: octave o's filters are at f / 2^o sampled at
 * sr / 2^o, so they are the same sequences (built one by one, as librosa does, they
 * differ by rounding only, below 1e-14), and their scale sqrt(2^o) / sqrt(Q sr / (f / 2^o))
 * is the top octave's. Building one bank instead of seven is a seventh of the work
 * per tuning (each track and each segment with a tuning of its own needs one).
 */
export function buildBanks(tuning: number): OctaveBank[] {
  const top = octaveBank(0, tuning);
  return Array.from({ length: N_OCTAVES }, () => top);
}

export function banksFor(tuning: number): OctaveBank[] {
  let banks = BANKS.get(tuning);
  if (!banks) {
    banks = buildBanks(tuning);
    if (BANKS.size >= MAX_CACHED_TUNINGS) BANKS.clear();
    BANKS.set(tuning, banks);
  }
  return banks;
}
