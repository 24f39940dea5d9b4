// Tonal centroid features (Harte, Sandler & Gasser 2006): the L1-normalised chroma
// projected onto three circles, fifths, minor thirds and major thirds, each as a
// (sin, cos) pair; the major-thirds circle has half the radius.
import { N_CHROMA, N_TONNETZ } from './constants';

/** Turns per circle per semitone, and each circle's radius. */
const CIRCLES = [
  { turns: 7 / 6, radius: 1 },
  { turns: 3 / 2, radius: 1 },
  { turns: 2 / 3, radius: 0.5 },
];

const BASIS = (() => {
  const m = new Float64Array(N_TONNETZ * N_CHROMA);
  CIRCLES.forEach(({ turns, radius }, i) => {
    for (let l = 0; l < N_CHROMA; l++) {
      m[2 * i * N_CHROMA + l] = radius * Math.sin(Math.PI * turns * l);
      m[(2 * i + 1) * N_CHROMA + l] = radius * Math.cos(Math.PI * turns * l);
    }
  });
  return m;
})();

/** Writes 6 tonnetz values for `chroma` into out[offset..offset+6); zeros for silent chroma. */
export function tonnetzInto(chroma: ArrayLike<number>, out: Float32Array, offset: number): void {
  let sum = 0;
  for (let c = 0; c < N_CHROMA; c++) sum += Math.abs(chroma[c]!);
  for (let d = 0; d < N_TONNETZ; d++) {
    let acc = 0;
    if (sum > 0) for (let c = 0; c < N_CHROMA; c++) acc += BASIS[d * N_CHROMA + c]! * chroma[c]!;
    out[offset + d] = sum > 0 ? acc / sum : 0;
  }
}
