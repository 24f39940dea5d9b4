// librosa's autocorrelation tempogram, averaged over time: for every onset frame, the
// autocorrelation of a Hann-windowed stretch of the onset envelope centred on it
// (the envelope padded at both ends with linear ramps down to zero), normalised so
// its largest value (lag 0) is 1, then the mean of those over all frames. The
// generator's rhythm tower reads this with a window of 384 frames; librosa's tempo
// estimate (inside its beat tracker) with 344 (8 seconds). Each frame's
// autocorrelation is the inverse transform of its power spectrum, so the mean of
// the normalised ones is one inverse transform of the mean normalised spectrum.
import { RealFft } from '../audio/real-fft';

/** librosa's tempo window: 8 s in frames, floor(8 * 22050 / 512). */
export const TEMPO_WINDOW = 344;
/** librosa.feature.tempogram's default window, used by the rhythm tower. */
export const TEMPOGRAM_WINDOW = 384;

function fftSizeFor(winLength: number): number {
  let n = 1;
  while (n < 2 * winLength - 1) n *= 2;
  return n;
}

/** One transform per size, per worker. */
const FFTS = new Map<number, RealFft>();

function realFftOf(size: number): RealFft {
  let fft = FFTS.get(size);
  if (!fft) {
    fft = new RealFft(size);
    FFTS.set(size, fft);
  }
  return fft;
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
  const fft = realFftOf(size);
  const input = new Float64Array(size);
  const power = new Float64Array(size / 2 + 1);
  // Sum over frames of each frame's power spectrum divided by its lag-0 value:
  // the inverse transform is linear, so one inverse of the sum is the sum of the
  // normalised autocorrelations (instead of one inverse per frame).
  // (Interleaved complex bins 0..size/2; the imaginary parts stay 0.)
  const sum = new Float64Array(size + 2);
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
  const acf = new Float64Array(size);
  fft.inverseInto(sum, acf);
  for (let lag = 0; lag < winLength; lag++) mean[lag] = acf[lag]! / n;
  return mean;
}
