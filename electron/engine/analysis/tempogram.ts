// librosa's autocorrelation tempogram, averaged over time: for every onset frame, the
// autocorrelation of a Hann-windowed stretch of the onset envelope centred on it
// (the envelope padded at both ends with linear ramps down to zero), normalised so
// its largest value (lag 0) is 1, then the mean of those over all frames. The
// generator's rhythm tower reads this with a window of 384 frames; librosa's tempo
// estimate (inside its beat tracker) with 344 (8 seconds). Each frame's
// autocorrelation is the inverse transform of its power spectrum, so the mean of
// the normalised ones is one inverse transform of the mean normalised spectrum.
//
// Where the native kernels are built (dsp/native-dsp.ts), the sum over frames (window,
// energy, power spectrum, normalisation) is one call into C per signal, with RealFft's
// own tables and the Hann window computed here: bit for bit the same sum.
import { type NativeDsp, type NativePlan, nativeDsp } from '../dsp/native-dsp';
import { RealFft, packedRealFftTables } from '../audio/real-fft';
import { periodicHann } from './hann';

/** librosa's tempo window: 8 s in frames, floor(8 * 22050 / 512). */
export const TEMPO_WINDOW = 344;
/** librosa.feature.tempogram's default window, used by the rhythm tower. */
export const TEMPOGRAM_WINDOW = 384;

function fftSizeFor(winLength: number): number {
  let n = 1;
  while (n < 2 * winLength - 1) n *= 2;
  return n;
}

/** One transform per size and kind, per worker: the TypeScript sum's, and the inverse's. */
const FFTS = new Map<string, RealFft>();

function realFftOf(size: number, dsp: NativeDsp | null): RealFft {
  const key = `${size} ${dsp ? 'native' : 'js'}`;
  let fft = FFTS.get(key);
  if (!fft) {
    fft = new RealFft(size, dsp);
    FFTS.set(key, fft);
  }
  return fft;
}

/** One native plan per window length and kernel set (in practice per worker). */
const NATIVE_PLANS = new WeakMap<NativeDsp, Map<number, NativePlan>>();

function nativePlanOf(dsp: NativeDsp, winLength: number): NativePlan {
  let plans = NATIVE_PLANS.get(dsp);
  if (!plans) NATIVE_PLANS.set(dsp, (plans = new Map()));
  let plan = plans.get(winLength);
  if (!plan) {
    const size = fftSizeFor(winLength);
    plan = dsp.tempogramPlan(size, packedRealFftTables(size), periodicHann(winLength));
    plans.set(winLength, plan);
  }
  return plan;
}

/**
 * Sum over the n frames of each frame's power spectrum divided by its lag-0 value,
 * into sum's real parts. The inverse transform is linear, so one inverse of the sum
 * is the sum of the normalised autocorrelations (instead of one inverse per frame).
 */
function sumNormalisedPower(padded: Float64Array, n: number, winLength: number, sum: Float64Array): void {
  const window = periodicHann(winLength);
  const size = fftSizeFor(winLength);
  const fft = realFftOf(size, null);
  const input = new Float64Array(size);
  const power = new Float64Array(size / 2 + 1);
  for (let t = 0; t < n; t++) {
    let energy = 0;
    for (let i = 0; i < winLength; i++) {
      const v = padded[t + i]! * window[i]!;
      input[i] = v;
      energy += v * v;
    }
    // Lag 0 of the autocorrelation is the frame's energy; an all-zero frame stays
    // zero (librosa leaves it unnormalised).
    if (!(energy > 0)) continue;
    fft.powerInto(input, power);
    const scale = 1 / energy;
    for (let k = 0; k <= size / 2; k++) sum[2 * k]! += power[k]! * scale;
  }
}

/** The envelope with win/2 frames of linear ramp (0 -> edge value) on each side. */
function rampPadded(env: ArrayLike<number>, half: number): Float64Array {
  const n = env.length;
  const out = new Float64Array(n + 2 * half);
  const first = n > 0 ? env[0]! : 0;
  const last = n > 0 ? env[n - 1]! : 0;
  for (let i = 0; i < half; i++) {
    out[i] = (first * i) / half;
    out[half + n + i] = (last * (half - 1 - i)) / half;
  }
  for (let i = 0; i < n; i++) out[half + i] = env[i]!;
  return out;
}

/**
 * Mean over frames of the max-normalised windowed autocorrelation, lags 0..winLength-1.
 * `dsp` null runs the TypeScript arithmetic (the kernels' tests compare the two).
 */
export function meanTempogram(
  env: ArrayLike<number>,
  winLength: number,
  dsp: NativeDsp | null = nativeDsp(),
): Float64Array {
  const n = env.length;
  const mean = new Float64Array(winLength);
  if (n === 0) return mean;
  const padded = rampPadded(env, Math.floor(winLength / 2));
  const size = fftSizeFor(winLength);
  // Interleaved complex bins 0..size/2; the imaginary parts stay 0.
  const sum = new Float64Array(size + 2);
  if (dsp) dsp.tempogramSum(nativePlanOf(dsp, winLength), padded, n, sum);
  else sumNormalisedPower(padded, n, winLength, sum);
  const acf = new Float64Array(size);
  realFftOf(size, dsp).inverseInto(sum, acf);
  for (let lag = 0; lag < winLength; lag++) mean[lag] = acf[lag]! / n;
  return mean;
}
