// librosa's beat tracker (librosa.beat.beat_track, 0.10/0.11), as the generator calls
// it: the tempo is the lag of the time-averaged 8-second tempogram of the
// median-aggregated onset envelope that scores best under a log-normal prior around
// 120 BPM (nothing above 320 BPM); the beats come from Ellis's dynamic programme over
// that envelope, normalised by its standard deviation and smoothed by a Gaussian a
// 32nd of a beat wide; then weak beats at either end are trimmed.
import { FRAMES_PER_SECOND } from './constants';
import { roundHalfEven } from './filterbanks';
import { TEMPO_WINDOW, meanTempogram } from './tempogram';

const START_BPM = 120;
const MAX_TEMPO = 320;
const TIGHTNESS = 100;

/** BPM of tempogram lag k (k >= 1). */
export function lagBpm(lag: number): number {
  return (60 * FRAMES_PER_SECOND) / lag;
}

/** librosa.feature.tempo with its defaults, on an onset envelope. */
export function estimateTempo(env: ArrayLike<number>): number {
  const tg = meanTempogram(env, TEMPO_WINDOW);
  let best = -1;
  let bestScore = -Infinity;
  let allowed = false;
  for (let k = 1; k < TEMPO_WINDOW; k++) {
    const bpm = lagBpm(k);
    if (bpm < MAX_TEMPO) allowed = true;
    if (!allowed) continue;
    const score = Math.log1p(1e6 * tg[k]!) - 0.5 * (Math.log2(bpm) - Math.log2(START_BPM)) ** 2;
    if (score > bestScore) {
      bestScore = score;
      best = k;
    }
  }
  return lagBpm(best);
}

function sampleStd(x: ArrayLike<number>): number {
  const n = x.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += x[i]!;
  m /= n;
  let s = 0;
  for (let i = 0; i < n; i++) s += (x[i]! - m) ** 2;
  return n > 1 ? Math.sqrt(s / (n - 1)) : 0;
}

function localScore(env: ArrayLike<number>, fpb: number): Float64Array {
  const n = env.length;
  const sd = sampleStd(env) + 1e-38;
  const half = fpb;
  const K = 2 * half + 1;
  const window = new Float64Array(K);
  for (let j = 0; j < K; j++) window[j] = Math.exp(-0.5 * (((j - half) * 32) / fpb) ** 2);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let acc = 0;
    const lo = Math.max(0, i + half - n + 1);
    const hi = Math.min(i + half, K);
    for (let k = lo; k < hi; k++) acc += window[k]! * (env[i + half - k]! / sd);
    out[i] = Math.fround(acc);
  }
  return out;
}

/** Beat frames for a known tempo (librosa's __beat_tracker with trim). */
export function trackBeats(env: ArrayLike<number>, bpm: number): number[] {
  const n = env.length;
  if (n === 0) return [];
  const fpb = roundHalfEven((FRAMES_PER_SECOND * 60) / bpm);
  const local = localScore(env, fpb);
  let maxLocal = -Infinity;
  for (let i = 0; i < n; i++) maxLocal = Math.max(maxLocal, local[i]!);
  const threshold = 0.01 * maxLocal;
  const cum = new Float64Array(n);
  const back = new Int32Array(n);
  const nearest = roundHalfEven(fpb / 2);
  const logFpb = Math.log(fpb);
  // The transition penalty by distance (nearest .. 2 * fpb frames back), computed once.
  const penalty = new Float64Array(2 * fpb + 1);
  for (let d = nearest; d <= 2 * fpb; d++) penalty[d] = TIGHTNESS * (Math.log(d) - logFpb) ** 2;
  let firstBeat = true;
  for (let i = 0; i < n; i++) {
    let best = -Infinity;
    let at = -1;
    for (let loc = i - nearest; loc > i - 2 * fpb - 1; loc--) {
      if (loc < 0) break;
      const score = cum[loc]! - penalty[i - loc]!;
      if (score > best) {
        best = score;
        at = loc;
      }
    }
    cum[i] = Math.fround(at >= 0 ? local[i]! + best : local[i]!);
    if (firstBeat && local[i]! < threshold) back[i] = -1;
    else {
      back[i] = at;
      firstBeat = false;
    }
  }
  const tail = lastBeat(cum);
  const beats: number[] = [];
  for (let b = tail; b >= 0; b = back[b]!) beats.push(b);
  beats.reverse();
  return trimBeats(local, beats);
}

/** The last local maximum of the cumulative score that reaches half the median of them all. */
function lastBeat(cum: Float64Array): number {
  const n = cum.length;
  const isMax = (i: number): boolean =>
    cum[i]! > (i > 0 ? cum[i - 1]! : cum[i]!) && cum[i]! >= (i < n - 1 ? cum[i + 1]! : cum[i]!);
  const peaks: number[] = [];
  for (let i = 0; i < n; i++) if (isMax(i)) peaks.push(cum[i]!);
  if (peaks.length === 0) return n - 1;
  peaks.sort((a, b) => a - b);
  const h = peaks.length >> 1;
  const med = peaks.length % 2 ? peaks[h]! : 0.5 * (peaks[h - 1]! + peaks[h]!);
  const threshold = 0.5 * med;
  for (let i = n - 1; i >= 0; i--) if (isMax(i) && cum[i]! >= threshold) return i;
  return n - 1;
}

/**
 * librosa's trim: the threshold is half the RMS of the beats' local scores smoothed
 * by a 5-point Hann window; beats on the leading and trailing runs of frames whose
 * local score stays at or under it are dropped.
 */
function trimBeats(local: Float64Array, beats: number[]): number[] {
  const w = [0, 0.5, 1, 0.5, 0];
  const values = beats.map((b) => local[b]!);
  const nb = values.length;
  // Full convolution (nb + 4 values), sliced [2, n + 2) with n the frame count.
  const full = new Float64Array(nb + 4);
  for (let i = 0; i < nb; i++) for (let j = 0; j < 5; j++) full[i + j]! += values[i]! * w[j]!;
  const smooth = full.subarray(2, Math.min(full.length, local.length + 2));
  let sq = 0;
  for (const v of smooth) sq += v * v;
  const threshold = smooth.length > 0 ? 0.5 * Math.sqrt(sq / smooth.length) : 0;
  let lo = 0;
  while (lo < local.length && local[lo]! <= threshold) lo++;
  let hi = local.length - 1;
  while (hi >= 0 && local[hi]! <= threshold) hi--;
  return beats.filter((b) => b >= lo && b <= hi);
}

export interface BeatTrack {
  /** 0 when the envelope is all zero (no beats then). */
  bpm: number;
  beats: number[];
}

/** librosa.beat.beat_track on the median-aggregated onset envelope. */
export function beatTrack(envMedian: ArrayLike<number>): BeatTrack {
  let any = false;
  for (let i = 0; i < envMedian.length && !any; i++) any = envMedian[i] !== 0;
  if (!any) return { bpm: 0, beats: [] };
  const bpm = estimateTempo(envMedian);
  return { bpm, beats: trackBeats(envMedian, bpm) };
}
