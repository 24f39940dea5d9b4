// Key estimation in the Krumhansl-Schmuckler manner: correlate a chroma vector with
// the 24 rotations of the Krumhansl-Kessler major and minor key profiles (probe-tone
// ratings); the best correlation is the key and its value the key strength.
import { N_CHROMA } from './constants';
import { correlation } from './stats';

const MAJOR_PROFILE = [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88];
const MINOR_PROFILE = [6.33, 2.68, 3.52, 5.38, 2.6, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17];

export interface KeyEstimate {
  /** Pitch class of the tonic, 0 = C. */
  tonic: number;
  mode: 'major' | 'minor';
  /** Correlation with the best profile, -1..1. */
  strength: number;
}

export function estimateKey(chroma: ArrayLike<number>): KeyEstimate {
  let best: KeyEstimate = { tonic: 0, mode: 'major', strength: 0 };
  let first = true;
  const rotated = new Float64Array(N_CHROMA);
  for (const [mode, profile] of [
    ['major', MAJOR_PROFILE],
    ['minor', MINOR_PROFILE],
  ] as const) {
    for (let tonic = 0; tonic < N_CHROMA; tonic++) {
      for (let c = 0; c < N_CHROMA; c++) rotated[c] = profile[(c - tonic + N_CHROMA) % N_CHROMA]!;
      const r = correlation(chroma, rotated);
      if (first || r > best.strength) best = { tonic, mode, strength: r };
      first = false;
    }
  }
  return best;
}
