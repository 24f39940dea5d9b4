// Tempo from the onset-strength envelope. Each candidate tempo is scored by the
// envelope's autocorrelation at its period times the envelope's Fourier magnitude
// at its frequency, times a log-normal prior around 120 BPM (one octave wide). The
// two disagree on octave errors in opposite directions: autocorrelation also peaks
// at twice the period (half tempo: kick-to-kick beats kick-to-snare), the Fourier
// magnitude at twice the frequency (harmonics). Only the true tempo is strong in both.
import { FRAMES_PER_SECOND } from './constants';
import { normalisedEntropy } from './stats';

export const MIN_BPM = 40;
export const MAX_BPM = 240;
const PRIOR_CENTRE_BPM = 120;
const PRIOR_OCTAVES = 1;
/** The rhythm features read the autocorrelation at up to five beat periods. */
const ACF_BEATS = 5;

export const MIN_LAG = Math.floor((60 * FRAMES_PER_SECOND) / MAX_BPM);
export const MAX_LAG = Math.ceil((60 * FRAMES_PER_SECOND) / MIN_BPM);

export interface TempoEstimate {
  /** Beat period in frames, refined between lags by parabolic interpolation. */
  periodFrames: number;
  bpm: number;
  /** Autocorrelation of the mean-removed envelope, normalised so lag 0 is 1. */
  acf: Float64Array;
  /** The two strongest autocorrelation peaks in the tempo range, in frames (0 when missing). */
  peak1Lag: number;
  peak2Lag: number;
  peakRatio: number;
}

export function lagToBpm(lag: number): number {
  return (60 * FRAMES_PER_SECOND) / lag;
}

function tempoPrior(bpm: number): number {
  const octaves = Math.log2(bpm / PRIOR_CENTRE_BPM) / PRIOR_OCTAVES;
  return Math.exp(-0.5 * octaves * octaves);
}

function meanRemoved(env: ArrayLike<number>): Float64Array {
  const n = env.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += env[i]!;
  mean /= Math.max(1, n);
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = env[i]! - mean;
  return x;
}

/** Autocorrelation of the mean-removed envelope up to maxLag, normalised so lag 0 is 1. */
export function autocorrelation(env: ArrayLike<number>, maxLag: number): Float64Array {
  const x = meanRemoved(env);
  const n = x.length;
  const acf = new Float64Array(maxLag + 1);
  for (let lag = 0; lag <= maxLag && lag < n; lag++) {
    let s = 0;
    for (let i = 0; i + lag < n; i++) s += x[i]! * x[i + lag]!;
    acf[lag] = s;
  }
  const zero = acf[0]!;
  if (zero > 0) for (let lag = 0; lag <= maxLag; lag++) acf[lag]! /= zero;
  return acf;
}

/** |DTFT| of x at a tempo, by a rotating phasor (no table, no FFT size to choose). */
function fourierMagnitude(x: Float64Array, bpm: number): number {
  const w = (2 * Math.PI * (bpm / 60)) / FRAMES_PER_SECOND;
  const cw = Math.cos(w);
  const sw = Math.sin(w);
  let c = 1;
  let s = 0;
  let re = 0;
  let im = 0;
  for (let t = 0; t < x.length; t++) {
    re += x[t]! * c;
    im -= x[t]! * s;
    const nc = c * cw - s * sw;
    s = s * cw + c * sw;
    c = nc;
  }
  return Math.sqrt(re * re + im * im);
}

function localMaxima(acf: Float64Array, lo: number, hi: number): number[] {
  const peaks: number[] = [];
  for (let lag = Math.max(1, lo); lag <= Math.min(hi, acf.length - 2); lag++) {
    const v = acf[lag]!;
    if (v > 0 && v > acf[lag - 1]! && v >= acf[lag + 1]!) peaks.push(lag);
  }
  return peaks;
}

/** Linear interpolation of the autocorrelation at a fractional lag. */
export function acfAt(acf: Float64Array, lag: number): number {
  if (lag < 0 || lag >= acf.length - 1) return 0;
  const i = Math.floor(lag);
  return acf[i]! + (acf[i + 1]! - acf[i]!) * (lag - i);
}

const COARSE_STEP_BPM = 1;
const FINE_STEP_BPM = 0.05;

/** Null when the envelope has no periodicity in the tempo range (silence, a held tone). */
export function estimateTempo(env: ArrayLike<number>): TempoEstimate | null {
  const acf = autocorrelation(env, ACF_BEATS * MAX_LAG + 2);
  if (acf[0] !== 1) return null;
  const x = meanRemoved(env);
  const score = (bpm: number): number => {
    const a = acfAt(acf, lagToBpm(bpm));
    return a > 0 ? a * fourierMagnitude(x, bpm) * tempoPrior(bpm) : 0;
  };
  let best = 0;
  let bestScore = 0;
  for (let bpm = MIN_BPM; bpm <= MAX_BPM; bpm += COARSE_STEP_BPM) {
    const v = score(bpm);
    if (v > bestScore) {
      bestScore = v;
      best = bpm;
    }
  }
  if (bestScore <= 0) return null;
  const coarse = best;
  for (let bpm = coarse - COARSE_STEP_BPM; bpm <= coarse + COARSE_STEP_BPM; bpm += FINE_STEP_BPM) {
    const v = score(bpm);
    if (v > bestScore) {
      bestScore = v;
      best = bpm;
    }
  }
  const peaks = localMaxima(acf, MIN_LAG, MAX_LAG).sort((a, b) => acf[b]! - acf[a]!);
  const p1 = peaks[0] ?? 0;
  const p2 = peaks[1] ?? 0;
  return {
    periodFrames: lagToBpm(best),
    bpm: best,
    acf,
    peak1Lag: p1,
    peak2Lag: p2,
    peakRatio: p1 > 0 && p2 > 0 ? acf[p2]! / acf[p1]! : 0,
  };
}

/** How evenly the autocorrelation spreads over the tempo range: 0 = one clear period, 1 = none. */
export function rhythmEntropy(acf: Float64Array): number {
  return normalisedEntropy(acf.subarray(MIN_LAG, MAX_LAG + 1).map((v) => Math.max(0, v)));
}

const STABILITY_WINDOW_FRAMES = Math.round(8 * FRAMES_PER_SECOND);
const STABILITY_HOP_FRAMES = Math.round(4 * FRAMES_PER_SECOND);
/** A window agrees with the global tempo when its period is within 5%. */
const STABILITY_TOLERANCE = 0.05;

/**
 * Tempo stability: the share of 8-second windows (4 s apart) whose own tempo
 * estimate agrees with the segment's. 1 for a steady beat, 0 for silence.
 */
export function tempoStability(env: Float32Array, periodFrames: number | null): number {
  if (periodFrames === null) return 0;
  const n = env.length;
  const windows: [number, number][] = [];
  if (n <= STABILITY_WINDOW_FRAMES) windows.push([0, n]);
  else
    for (let s = 0; s + STABILITY_WINDOW_FRAMES <= n; s += STABILITY_HOP_FRAMES) windows.push([s, s + STABILITY_WINDOW_FRAMES]);
  let agree = 0;
  for (const [a, b] of windows) {
    const local = estimateTempo(env.subarray(a, b));
    if (local && Math.abs(local.periodFrames - periodFrames) <= STABILITY_TOLERANCE * periodFrames) agree++;
  }
  return agree / windows.length;
}
