// Spectral contrast: for each octave band, the mean of its loudest 2% of bins
// against the mean of its quietest 2% (at least one bin each), in dB.
import { N_CONTRAST } from './constants';
import { contrastBands } from './filterbanks';

const QUANTILE = 0.02;
/** Floor of the magnitudes before the logarithm, so an empty band gives a finite value. */
const FLOOR = 1e-10;

/** Band edges and how many bins each mean takes, as module constants so the loops keep them in registers. */
const BANDS = contrastBands();
const STARTS = Int32Array.from(BANDS, (b) => b.start);
const ENDS = Int32Array.from(BANDS, (b) => b.end);
const COUNTS = Int32Array.from(BANDS, (b) => Math.max(1, Math.round(QUANTILE * (b.end - b.start))));
const MAX_COUNT = Math.max(...COUNTS);

export class SpectralContrast {
  /** The k smallest values so far, ascending, and the k largest, descending. */
  private readonly low = new Float64Array(MAX_COUNT);
  private readonly high = new Float64Array(MAX_COUNT);

  /** Writes the N_CONTRAST band contrasts of `mag` into row[col], row[col + 1], ... */
  writeInto(mag: Float64Array, row: Float32Array, col: number): void {
    for (let b = 0; b < N_CONTRAST; b++) {
      const { low, high } = this;
      const start = STARTS[b]!;
      const end = ENDS[b]!;
      const k = Math.min(COUNTS[b]!, end - start);
      // Seed the lists from opposite ends of the band and scan towards the other:
      // spectra mostly fall with frequency, so each scan meets its extremes early
      // and later bins rarely need inserting (the result does not depend on order).
      for (let i = 0; i < k; i++) {
        insertAscending(low, i, mag[end - 1 - i]!);
        insertDescending(high, i, mag[start + i]!);
      }
      for (let i = end - 1 - k; i >= start; i--) {
        const v = mag[i]!;
        if (v < low[k - 1]!) insertAscending(low, k - 1, v);
      }
      for (let i = start + k; i < end; i++) {
        const v = mag[i]!;
        if (v > high[k - 1]!) insertDescending(high, k - 1, v);
      }
      let lowSum = 0;
      let highSum = 0;
      for (let i = 0; i < k; i++) {
        lowSum += low[i]!;
        highSum += high[i]!;
      }
      const lowMean = k > 0 ? lowSum / k : 0;
      const highMean = k > 0 ? highSum / k : 0;
      row[col + b] = 10 * Math.log10(Math.max(highMean, FLOOR)) - 10 * Math.log10(Math.max(lowMean, FLOOR));
    }
  }
}

/** Puts v into the ascending list xs[0..at], dropping what was at xs[at]. */
function insertAscending(xs: Float64Array, at: number, v: number): void {
  let j = at;
  while (j > 0 && xs[j - 1]! > v) {
    xs[j] = xs[j - 1]!;
    j--;
  }
  xs[j] = v;
}

/** Puts v into the descending list xs[0..at], dropping what was at xs[at]. */
function insertDescending(xs: Float64Array, at: number, v: number): void {
  let j = at;
  while (j > 0 && xs[j - 1]! < v) {
    xs[j] = xs[j - 1]!;
    j--;
  }
  xs[j] = v;
}
