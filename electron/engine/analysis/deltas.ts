// First-order deltas of the MFCCs over time: the local slope by least squares over
// nine frames (a Savitzky-Golay derivative), with edge frames repeated at the ends.
import { N_MFCC } from './constants';
import { COL, type FrameTable } from './frame-columns';

const HALF_WIDTH = 4;

/** deltas[f * N_MFCC + c] for every frame of the table. */
export function mfccDeltas(frames: FrameTable): Float32Array {
  const n = frames.length;
  const out = new Float32Array(n * N_MFCC);
  let denom = 0;
  for (let k = 1; k <= HALF_WIDTH; k++) denom += 2 * k * k;
  for (let f = 0; f < n; f++) {
    for (let c = 0; c < N_MFCC; c++) {
      let acc = 0;
      for (let k = 1; k <= HALF_WIDTH; k++) {
        const ahead = frames.get(Math.min(n - 1, f + k), COL.mfcc + c);
        const behind = frames.get(Math.max(0, f - k), COL.mfcc + c);
        acc += k * (ahead - behind);
      }
      out[f * N_MFCC + c] = acc / denom;
    }
  }
  return out;
}
