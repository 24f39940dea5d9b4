// Centroid, bandwidth and roll-off of one frame's magnitude spectrum. The bandwidth
// comes from the first two moments (sum m*f^2 - centroid * sum m*f), so one pass
// over the bins serves centroid and bandwidth; the roll-off scan stops at its bin.
import { N_BINS, binFrequency } from './constants';
import { COL } from './frame-columns';

/** Exported for the native frame kernel (native-frame.ts), which does the same. */
export const ROLLOFF_FRACTION = 0.85;
export const BIN_HZ = binFrequency(1);

/** Writes centroid, bandwidth and roll-off (all in Hz) of `mag` into `row`. */
export function writeSpectralShape(mag: Float64Array, row: Float32Array): void {
  let sum = 0;
  let first = 0;
  let second = 0;
  for (let k = 0; k < N_BINS; k++) {
    const m = mag[k]!;
    const mk = m * k;
    sum += m;
    first += mk;
    second += mk * k;
  }
  if (!(sum > 0)) {
    row[COL.centroid] = 0;
    row[COL.bandwidth] = 0;
    row[COL.rolloff] = 0;
    return;
  }
  // In bins until the end: frequency is bin * BIN_HZ.
  const centroidBins = first / sum;
  const spreadBins = Math.max(0, second - centroidBins * first) / sum;
  const threshold = ROLLOFF_FRACTION * sum;
  let cum = 0;
  let rolloffBin = 0;
  for (let k = 0; k < N_BINS; k++) {
    cum += mag[k]!;
    if (cum >= threshold) {
      rolloffBin = k;
      break;
    }
  }
  row[COL.centroid] = centroidBins * BIN_HZ;
  row[COL.bandwidth] = Math.sqrt(spreadBins) * BIN_HZ;
  row[COL.rolloff] = rolloffBin * BIN_HZ;
}
