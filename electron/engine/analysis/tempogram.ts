// librosa's autocorrelation tempogram, averaged over time: for every onset frame, the
// autocorrelation of a Hann-windowed stretch of the onset envelope centred on it
// (the envelope padded at both ends with linear ramps down to zero), normalised so
// its largest value (lag 0) is 1, then the mean of those over all frames. The
// generator's rhythm tower reads this with a window of 384 frames; librosa's tempo
// estimate (inside its beat tracker) with 344 (8 seconds).
import FFT from 'fft.js';

/** librosa's tempo window: 8 s in frames, floor(8 * 22050 / 512). */
export const TEMPO_WINDOW = 344;
/** librosa.feature.tempogram's default window, used by the rhythm tower. */
export const TEMPOGRAM_WINDOW = 384;

function fftSizeFor(winLength: number): number {
  let n = 1;
  while (n < 2 * winLength - 1) n *= 2;
  return n;
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

/** Mean over frames of the max-normalised windowed autocorrelation, lags 0..winLength-1. */
export function meanTempogram(env: ArrayLike<number>, winLength: number): Float64Array {
  const n = env.length;
  const mean = new Float64Array(winLength);
  if (n === 0) return mean;
  const half = Math.floor(winLength / 2);
  const padded = rampPadded(env, half);
  const window = new Float64Array(winLength);
  for (let i = 0; i < winLength; i++) window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / winLength);
  const size = fftSizeFor(winLength);
  const fft = new FFT(size);
  const input = new Float64Array(size);
  const spectrum = fft.createComplexArray() as number[];
  const power = new Float64Array(size);
  const acf = fft.createComplexArray() as number[];
  for (let t = 0; t < n; t++) {
    let any = false;
    for (let i = 0; i < winLength; i++) {
      const v = padded[t + i]! * window[i]!;
      input[i] = v;
      if (v !== 0) any = true;
    }
    if (!any) continue; // an all-zero frame stays zero (librosa leaves it unnormalised)
    fft.realTransform(spectrum, input);
    fft.completeSpectrum(spectrum);
    for (let k = 0; k < size; k++) power[k] = spectrum[2 * k]! ** 2 + spectrum[2 * k + 1]! ** 2;
    // The power spectrum is real and even: its forward transform is size x the inverse.
    fft.realTransform(acf, power);
    const zero = acf[0]!;
    if (!(zero > 0)) continue;
    for (let lag = 0; lag < winLength; lag++) mean[lag]! += acf[2 * lag]! / zero;
  }
  for (let lag = 0; lag < winLength; lag++) mean[lag]! /= n;
  return mean;
}
