// Dynamic-programming beat tracker (Ellis 2007): choose the beat times that
// maximise onset strength at the beats minus a penalty for intervals that stray
// from the expected period, then trim weak beats at either end.
import { std } from './stats';

/** How strongly intervals are held to the period (librosa's default). */
const TIGHTNESS = 100;

export function trackBeats(env: Float32Array, periodFrames: number, tightness = TIGHTNESS): number[] {
  const n = env.length;
  const sd = std(env);
  if (n === 0 || sd === 0 || !(periodFrames > 1)) return [];
  // Local score: the normalised envelope smoothed by a Gaussian a 32nd of a beat wide.
  const half = Math.round(periodFrames);
  const kernel = new Float64Array(2 * half + 1);
  for (let i = -half; i <= half; i++) kernel[i + half] = Math.exp(-0.5 * ((i * 32) / periodFrames) ** 2);
  const local = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    let acc = 0;
    for (let i = -half; i <= half; i++) {
      const j = t + i;
      if (j >= 0 && j < n) acc += (env[j]! / sd) * kernel[i + half]!;
    }
    local[t] = acc;
  }

  const minGap = Math.max(1, Math.round(periodFrames / 2));
  const maxGap = Math.round(2 * periodFrames);
  const penalty = new Float64Array(maxGap + 1);
  for (let d = minGap; d <= maxGap; d++) penalty[d] = tightness * Math.log(d / periodFrames) ** 2;

  const cum = new Float64Array(n);
  const back = new Int32Array(n).fill(-1);
  let maxLocal = 0;
  for (let t = 0; t < n; t++) maxLocal = Math.max(maxLocal, local[t]!);
  // No beat chain starts before the music does.
  let started = false;
  for (let t = 0; t < n; t++) {
    let best = -Infinity;
    let arg = -1;
    for (let d = minGap; d <= maxGap && t - d >= 0; d++) {
      const v = cum[t - d]! - penalty[d]!;
      if (v > best) {
        best = v;
        arg = t - d;
      }
    }
    if (started && arg >= 0) {
      cum[t] = local[t]! + best;
      back[t] = arg;
    } else {
      cum[t] = local[t]!;
    }
    if (!started && local[t]! > 0.01 * maxLocal) started = true;
  }

  // The last beat: the best-scoring local maximum within the final two periods. The
  // score grows along a good chain, so this is its end rather than an off-beat that
  // merely comes later (a hi-hat after the last beat).
  const tailFrom = Math.max(0, n - Math.ceil(2 * periodFrames));
  let last = -1;
  for (let t = tailFrom; t < n; t++) {
    const isPeak = (t === 0 || cum[t]! > cum[t - 1]!) && (t === n - 1 || cum[t]! >= cum[t + 1]!);
    if (isPeak && (last < 0 || cum[t]! > cum[last]!)) last = t;
  }
  if (last < 0) return [];
  const beats: number[] = [];
  for (let t = last; t >= 0; t = back[t]!) beats.push(t);
  beats.reverse();

  // Trim leading and trailing beats that sit on almost nothing.
  let rms = 0;
  for (const b of beats) rms += local[b]! ** 2;
  rms = Math.sqrt(rms / beats.length);
  let lo = 0;
  let hi = beats.length;
  while (lo < hi && local[beats[lo]!]! <= 0.5 * rms) lo++;
  while (hi > lo && local[beats[hi - 1]!]! <= 0.5 * rms) hi--;
  return beats.slice(lo, hi);
}
