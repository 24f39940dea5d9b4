// Counting onsets: peaks of the onset-strength envelope that stand out from their
// neighbourhood, at least 30 ms apart.
import { mean, std } from './stats';

const NEIGHBOURHOOD = 3;
const MIN_GAP_FRAMES = 2;

export function countOnsets(env: Float32Array): number {
  const threshold = mean(env) + 0.5 * std(env);
  let count = 0;
  let last = -Infinity;
  for (let t = 0; t < env.length; t++) {
    const v = env[t]!;
    if (v <= threshold || t - last < MIN_GAP_FRAMES) continue;
    let isPeak = true;
    for (let d = -NEIGHBOURHOOD; d <= NEIGHBOURHOOD && isPeak; d++) {
      const j = t + d;
      if (d !== 0 && j >= 0 && j < env.length && env[j]! > v) isPeak = false;
    }
    if (isPeak) {
      count++;
      last = t;
    }
  }
  return count;
}
