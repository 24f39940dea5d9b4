// The anti-aliasing low-pass shared by both resampling paths: a Kaiser-windowed
// sinc laid out as a polyphase filter bank. Both paths use this one design, so a
// file's rate does not change the analysed spectrum.
import { kaiser } from './kaiser';

/** Zero crossings of the sinc on each side, counted at the lower of the two rates. */
const DEFAULT_HALF_ZERO_CROSSINGS = 32;
/** Kaiser beta for about 70 dB of stopband attenuation. */
const DEFAULT_KAISER_BETA = 10;
/**
 * Cutoff as a fraction of the lower Nyquist frequency. With 16 zero crossings the
 * transition band is about 13% of Nyquist wide, so 0.88 puts the stopband's start
 * at Nyquist: nothing above it folds back into the band we analyse.
 */
const DEFAULT_CUTOFF = 0.94;

export interface ResamplerOptions {
  halfZeroCrossings?: number;
  kaiserBeta?: number;
  cutoff?: number;
}

export interface SincBank {
  /** Taps per phase; even. */
  tapCount: number;
  /** Offset of a phase's first tap relative to floor(input position). */
  firstTap: number;
  /** Phase-major: phase p (output position p/up past an input sample) at [p*tapCount, (p+1)*tapCount). */
  bank: Float64Array;
}

/** The bank for `up` outputs per `down` inputs (a reduced fraction). */
export function designSincBank(up: number, down: number, options: ResamplerOptions = {}): SincBank {
  const zeroCrossings = options.halfZeroCrossings ?? DEFAULT_HALF_ZERO_CROSSINGS;
  const beta = options.kaiserBeta ?? DEFAULT_KAISER_BETA;
  // Cutoff in cycles per input sample.
  const nyquist = 0.5 * Math.min(1, up / down);
  const fc = nyquist * (options.cutoff ?? DEFAULT_CUTOFF);
  const halfLen = zeroCrossings / (2 * nyquist);
  const reach = Math.ceil(halfLen);
  const firstTap = -reach;
  const tapCount = 2 * reach + 2;
  const bank = new Float64Array(up * tapCount);
  for (let p = 0; p < up; p++) {
    const frac = p / up;
    let sum = 0;
    const row = new Float64Array(tapCount);
    for (let t = 0; t < tapCount; t++) {
      const x = frac - (firstTap + t); // distance from the output position to this input sample
      if (Math.abs(x) >= halfLen) continue;
      const arg = 2 * fc * x;
      const sinc = arg === 0 ? 1 : Math.sin(Math.PI * arg) / (Math.PI * arg);
      row[t] = 2 * fc * sinc * kaiser(x / halfLen, beta);
      sum += row[t]!;
    }
    // Exact unit gain at DC for every phase, so a constant input stays constant.
    for (let t = 0; t < tapCount; t++) bank[p * tapCount + t] = row[t]! / sum;
  }
  return { tapCount, firstTap, bank };
}
