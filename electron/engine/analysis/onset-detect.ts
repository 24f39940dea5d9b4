// librosa.onset.onset_detect with its defaults, as the generator counts onsets for
// onset_rate: the onset envelope scaled to 0..1, then peaks that are the maximum of
// the frame before and themselves, at least 0.07 above the mean of the 4 frames
// before to the 4 after, and more than one frame after the previous onset.
const PRE_MAX = 1;
const POST_MAX = 1;
const PRE_AVG = 4;
const POST_AVG = 5;
const DELTA = 0.07;
const WAIT = 1;

export function countOnsets(env: ArrayLike<number>): number {
  const n = env.length;
  if (n === 0) return 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    min = Math.min(min, env[i]!);
    max = Math.max(max, env[i]!);
  }
  const x = new Float64Array(n);
  let any = false;
  for (let i = 0; i < n; i++) {
    x[i] = (env[i]! - min) / (max - min + 1e-38);
    if (x[i] !== 0) any = true;
  }
  if (!any) return 0;
  const windowMean = (a: number, b: number): number => {
    let s = 0;
    for (let i = a; i < b; i++) s += x[i]!;
    return s / (b - a);
  };
  let count = 0;
  let first = true;
  for (let i = 0; i < Math.min(POST_MAX, n); i++) first &&= x[0]! >= x[i]!;
  first &&= x[0]! >= windowMean(0, Math.min(POST_AVG, n)) + DELTA;
  let t = 1;
  if (first) {
    count++;
    t = WAIT + 1;
  }
  while (t < n) {
    let m = -Infinity;
    for (let i = Math.max(0, t - PRE_MAX); i < Math.min(t + POST_MAX, n); i++) m = Math.max(m, x[i]!);
    if (x[t] !== m || x[t]! < windowMean(Math.max(0, t - PRE_AVG), Math.min(t + POST_AVG, n)) + DELTA) {
      t++;
      continue;
    }
    count++;
    t += WAIT + 1;
  }
  return count;
}
