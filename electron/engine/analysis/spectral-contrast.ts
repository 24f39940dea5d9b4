// Spectral contrast: for each octave band, the mean of its loudest 2% of bins
// against the mean of its quietest 2% (at least one bin each), in dB.
import { N_CONTRAST } from './constants';
import { contrastBands, roundHalfEven } from './filterbanks';
import { COL, type FrameTable } from './frame-columns';

const QUANTILE = 0.02;
/** librosa's power_to_db: amin 1e-10 and a floor 80 dB below the largest value. */
const AMIN = 1e-10;
const TOP_DB = 80;

/** Band edges and how many bins each mean takes, as module constants so the loops keep them in registers. */
const BANDS = contrastBands();
const STARTS = Int32Array.from(BANDS, (b) => b.start);
const ENDS = Int32Array.from(BANDS, (b) => b.end);
const COUNTS = Int32Array.from(BANDS, (b) => Math.max(1, roundHalfEven(QUANTILE * b.count)));
const MAX_COUNT = Math.max(...COUNTS);

/** Each band's start, end and count in turn, for the native frame kernel (native-frame.ts). */
export function contrastLayout(): Float64Array {
  return Float64Array.from(BANDS.flatMap((_, b) => [STARTS[b]!, ENDS[b]!, COUNTS[b]!]));
}

export class SpectralContrast {
  /** The k smallest values so far, ascending, and the k largest, descending. */
  private readonly low = new Float64Array(MAX_COUNT);
  private readonly high = new Float64Array(MAX_COUNT);

  /** Writes each band's peak and valley (means of its top and bottom 2% of magnitudes) into `row`. */
  writeInto(mag: Float64Array, row: Float32Array): void {
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
      row[COL.contrastPeak + b] = highMean;
      row[COL.contrastValley + b] = lowMean;
    }
  }
}

function toDb(x: number): number {
  return 10 * Math.log10(Math.max(AMIN, x));
}

/**
 * Fills the contrast columns once the signal is complete: peak minus valley in dB,
 * each floored 80 dB below its own largest value over all bands and frames (librosa
 * converts the whole peak and valley arrays with power_to_db).
 */
export function finishContrast(frames: FrameTable): void {
  let peakMax = -Infinity;
  let valleyMax = -Infinity;
  for (let t = 0; t < frames.length; t++)
    for (let b = 0; b < N_CONTRAST; b++) {
      peakMax = Math.max(peakMax, toDb(frames.get(t, COL.contrastPeak + b)));
      valleyMax = Math.max(valleyMax, toDb(frames.get(t, COL.contrastValley + b)));
    }
  for (let t = 0; t < frames.length; t++)
    for (let b = 0; b < N_CONTRAST; b++) {
      const peak = Math.max(peakMax - TOP_DB, toDb(frames.get(t, COL.contrastPeak + b)));
      const valley = Math.max(valleyMax - TOP_DB, toDb(frames.get(t, COL.contrastValley + b)));
      frames.set(t, COL.contrast + b, peak - valley);
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
