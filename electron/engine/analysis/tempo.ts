// Tempo from the onset-strength envelope: the peaks of its autocorrelation,
// weighted by a log-normal prior around 120 BPM. Log-flux onsets make hi-hats on
// eighth notes as strong as the beat, and kick-to-kick repeats beat kick-to-snare,
// so the autocorrelation alone is often as high at double or half the tempo as at
// the beat; the prior settles such near-ties on the beat level, and an octave check
// on the onsets (metrical-level.ts) catches fast music that the prior would halve.
import { FRAMES_PER_SECOND } from './constants';
import { isHalfTempoReading } from './metrical-level';
import { normalisedEntropy } from './stats';

export const MIN_BPM = 40;
export const MAX_BPM = 240;
const PRIOR_CENTRE_BPM = 120;
/**
 * Width of the prior (one standard deviation, in octaves). Half an octave made the
 * prior outweigh the autocorrelation: 8-second windows of 170 BPM drums read at
 * 113 BPM (the peak at three eighth notes, nearer 120), so stability fell to 0.5.
 */
const PRIOR_OCTAVES = 0.75;
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

/** Parabolic interpolation of a peak between lags (at most half a lag away: a local maximum's vertex always is). */
function refinePeak(acf: Float64Array, lag: number): number {
  const a = acf[lag - 1]!;
  const b = acf[lag]!;
  const c = acf[lag + 1]!;
  const denom = a - 2 * b + c;
  return denom < 0 ? lag + Math.max(-0.5, Math.min(0.5, (0.5 * (a - c)) / denom)) : lag;
}

/** The lag within one frame of `lag` where the autocorrelation is highest. */
function highestNear(acf: Float64Array, lag: number): number {
  const centre = Math.round(lag);
  let best = centre;
  for (let l = Math.max(1, centre - 1); l <= Math.min(acf.length - 2, centre + 1); l++)
    if (acf[l]! > acf[best]!) best = l;
  return best;
}

/**
 * Null when the envelope has no periodicity in the tempo range (silence, a held
 * tone). `acfBeats`: how many beat periods the returned autocorrelation covers
 * (the rhythm features read five; a tempo check alone needs one).
 */
export function estimateTempo(env: ArrayLike<number>, acfBeats = ACF_BEATS): TempoEstimate | null {
  const acf = autocorrelation(env, acfBeats * MAX_LAG + 2);
  if (acf[0] !== 1) return null;
  const peaks = localMaxima(acf, MIN_LAG, MAX_LAG);
  if (peaks.length === 0) return null;
  const weighted = (lag: number): number => acf[lag]! * tempoPrior(lagToBpm(lag));
  let best = peaks[0]!;
  for (const lag of peaks) if (weighted(lag) > weighted(best)) best = lag;
  if (best / 2 >= MIN_LAG && isHalfTempoReading(env, refinePeak(acf, best)))
    best = highestNear(acf, best / 2);
  const byHeight = [...peaks].sort((a, b) => acf[b]! - acf[a]!);
  const p1 = byHeight[0]!;
  const p2 = byHeight[1] ?? 0;
  const periodFrames = refinePeak(acf, best);
  return {
    periodFrames,
    bpm: lagToBpm(periodFrames),
    acf,
    peak1Lag: p1,
    peak2Lag: p2,
    peakRatio: p2 > 0 ? acf[p2]! / acf[p1]! : 0,
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
    for (let s = 0; s + STABILITY_WINDOW_FRAMES <= n; s += STABILITY_HOP_FRAMES)
      windows.push([s, s + STABILITY_WINDOW_FRAMES]);
  let agree = 0;
  for (const [a, b] of windows) {
    const local = estimateTempo(env.subarray(a, b), 1);
    if (local && Math.abs(local.periodFrames - periodFrames) <= STABILITY_TOLERANCE * periodFrames) agree++;
  }
  return agree / windows.length;
}
