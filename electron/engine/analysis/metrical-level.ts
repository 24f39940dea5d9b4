// The octave check of a tempo estimate. Above about 170 BPM the tempo prior
// (centred on 120 BPM) prefers half the tempo, and the autocorrelation peak at two
// beats is often as high as the one at the beat, so fast music reads at half speed.
// The onsets on the estimate's grid tell the two readings apart: a half-tempo
// reading of a fast pulse has onsets as strong as its beats halfway between them
// (a click track), or strong backbeats halfway and a further subdivision at the
// quarter points (a drum kit: kick, snare, then eighth-note hats). At the right
// tempo, 90 BPM drums have hats halfway but nothing at the quarter points.
import { FRAMES_PER_SECOND } from './constants';

/** Halving is considered only while the faster tempo stays at or below this. */
export const MAX_FAST_BPM = 200;
/** Midpoints at least this strong (relative to the beats) are beats themselves. */
const FULL_BEAT = 0.8;
/** Midpoints at least this strong are backbeats, when the quarter points carry onsets too. */
const BACKBEAT = 0.5;
const SUBDIVISION = 0.2;

/** The envelope's largest value within one frame of position x. */
function peakNear(env: ArrayLike<number>, x: number): number {
  const i = Math.round(x);
  let max = 0;
  for (let j = Math.max(0, i - 1); j <= Math.min(env.length - 1, i + 1); j++) max = Math.max(max, env[j]!);
  return max;
}

/** The grid offset (in whole frames) that puts the most onset strength on the beats. */
function strongestPhase(env: ArrayLike<number>, period: number): number {
  let best = 0;
  let bestSum = -Infinity;
  for (let phase = 0; phase < period; phase++) {
    let sum = 0;
    for (let x = phase; x < env.length; x += period) sum += peakNear(env, x);
    if (sum > bestSum) {
      bestSum = sum;
      best = phase;
    }
  }
  return best;
}

/** Mean onset strength halfway between beats and at the quarter points, relative to the beats. */
export function gridStrengths(
  env: ArrayLike<number>,
  periodFrames: number,
): { midpoints: number; quarters: number } {
  const phase = strongestPhase(env, periodFrames);
  let beats = 0;
  let midpoints = 0;
  let quarters = 0;
  for (let x = phase; x + periodFrames < env.length; x += periodFrames) {
    beats += peakNear(env, x);
    midpoints += peakNear(env, x + periodFrames / 2);
    quarters += 0.5 * (peakNear(env, x + periodFrames / 4) + peakNear(env, x + (3 * periodFrames) / 4));
  }
  if (!(beats > 0)) return { midpoints: 0, quarters: 0 };
  return { midpoints: midpoints / beats, quarters: quarters / beats };
}

/** True when the beat at `periodFrames` is half the music's tempo (see above). */
export function isHalfTempoReading(env: ArrayLike<number>, periodFrames: number): boolean {
  const fastBpm = (120 * FRAMES_PER_SECOND) / periodFrames;
  if (fastBpm > MAX_FAST_BPM) return false;
  const { midpoints, quarters } = gridStrengths(env, periodFrames);
  return midpoints >= FULL_BEAT || (midpoints >= BACKBEAT && quarters >= SUBDIVISION);
}
