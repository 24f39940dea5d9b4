// MFCC deltas as librosa.feature.delta computes them (width 9, first order): a
// Savitzky-Golay first derivative, i.e. the slope of a least-squares line through the
// 9 frames around each frame; the first and last 4 frames take the slope of the
// first and last 9 frames (SciPy's "interp" edge mode). Signals under 9 frames get
// zeros (librosa refuses them; the generator then falls back).
import { N_MFCC } from './constants';
import { COL, type FrameTable } from './frame-columns';

const HALF_WIDTH = 4;
/** sum of k^2 for k = -4..4 */
const DENOM = 60;

/** deltas[f * N_MFCC + c] for every frame of the table. */
export function mfccDeltas(frames: FrameTable): Float32Array {
  const n = frames.length;
  const out = new Float32Array(n * N_MFCC);
  if (n < 2 * HALF_WIDTH + 1) return out;
  for (let f = 0; f < n; f++) {
    const centre = Math.min(n - 1 - HALF_WIDTH, Math.max(HALF_WIDTH, f));
    for (let c = 0; c < N_MFCC; c++) {
      let acc = 0;
      for (let k = 1; k <= HALF_WIDTH; k++)
        acc += k * (frames.get(centre + k, COL.mfcc + c) - frames.get(centre - k, COL.mfcc + c));
      out[f * N_MFCC + c] = acc / DENOM;
    }
  }
  return out;
}
