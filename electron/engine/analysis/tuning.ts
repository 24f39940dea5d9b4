// librosa.estimate_tuning as chroma_cqt calls it (36 bins per octave): from every
// STFT frame (FFT 2048, hop 512), the spectral peaks between 150 and 4000 Hz that
// reach a tenth of the frame's largest magnitude, each placed between bins by a
// parabola; the peaks at least as strong as the median peak vote, in a histogram of
// 0.01-bin steps, for how far they sit from the 36-per-octave grid. The winning
// offset, in fractions of a bin (-0.5..0.5), retunes the constant-Q filters.
import { N_BINS, N_FFT, SAMPLE_RATE } from './constants';
import { medianInPlace } from './stats';

const FMIN = 150;
const FMAX = 4000;
const THRESHOLD = 0.1;
const BINS_PER_OCTAVE = 36;
const RESOLUTION = 0.01;
/** hz_to_octs's reference: A440 / 16. */
const OCT_REF = 440 / 16;

const K_MIN = Math.ceil((FMIN * N_FFT) / SAMPLE_RATE);
const K_MAX = (() => {
  let k = N_BINS - 1;
  while ((k * SAMPLE_RATE) / N_FFT >= FMAX) k--;
  return k;
})();
if (K_MIN < 1 || K_MAX > N_BINS - 2) throw new Error('tuning: the peak range must leave a bin either side');

/** The bins a peak may sit in and the gate, for the native frame kernel (native-frame.ts). */
export const TUNING_PEAK_RANGE = { first: K_MIN, last: K_MAX, threshold: THRESHOLD } as const;

/** Most peaks one frame can have: a local maximum's neighbours are not ones. */
export const MAX_FRAME_PEAKS = Math.ceil((K_MAX - K_MIN + 1) / 2);

export class TuningEstimator {
  /** Every peak's frequency and magnitude, interleaved; `count` peaks. */
  private peaks = new Float64Array(8192);
  private count = 0;
  /** Index of each frame's first peak. */
  private readonly frameStarts: number[] = [];

  /** The frame's magnitudes at K_MIN - 1 .. K_MAX + 1, zero where under the threshold. */
  private readonly gated = new Float64Array(K_MAX - K_MIN + 3);

  /** Adds the peaks of one frame's magnitude spectrum. */
  push(mag: Float64Array): void {
    this.frameStarts.push(this.count);
    const peaks = this.reserve(MAX_FRAME_PEAKS);
    let max = 0;
    for (let k = 0; k < N_BINS; k++) if (mag[k]! > max) max = mag[k]!;
    const ref = THRESHOLD * max;
    // K_MIN > 0 and K_MAX < N_BINS - 1, so every bin compared has both neighbours.
    const gated = this.gated;
    for (let k = K_MIN - 1, i = 0; k <= K_MAX + 1; k++, i++) gated[i] = mag[k]! > ref ? mag[k]! : 0;
    for (let k = K_MIN; k <= K_MAX; k++) {
      const i = k - K_MIN + 1;
      const v = gated[i]!;
      // librosa's localmax.
      if (!(v > gated[i - 1]! && v >= gated[i + 1]!)) continue;
      const a = mag[k + 1]! + mag[k - 1]! - 2 * mag[k]!;
      const slope = (mag[k + 1]! - mag[k - 1]!) / 2;
      const shift = Math.abs(slope) >= Math.abs(a) ? 0 : -slope / a;
      peaks[2 * this.count] = ((k + shift) * SAMPLE_RATE) / N_FFT;
      peaks[2 * this.count + 1] = mag[k]! + 0.5 * slope * shift;
      this.count++;
    }
  }

  /**
   * The array of kept peaks with room for `more` after them (at 2 * peakCount): where
   * the native frame kernel writes a frame's peaks before pushWritten(). It may be a
   * new array, so take it again for each frame.
   */
  reserve(more: number): Float64Array {
    const need = 2 * (this.count + more);
    if (need > this.peaks.length) {
      // By half again, as V8 grows the number arrays this replaced: a long track's
      // peaks are megabytes, and the peak memory of the longest track has a target.
      const grown = new Float64Array(Math.max(this.peaks.length + (this.peaks.length >> 1), need));
      grown.set(this.peaks.subarray(0, 2 * this.count));
      this.peaks = grown;
    }
    return this.peaks;
  }

  get peakCount(): number {
    return this.count;
  }

  /** Adds a frame whose `count` peaks the native kernel wrote after the kept ones (see reserve). */
  pushWritten(count: number): void {
    this.frameStarts.push(this.count);
    this.count += count;
  }

  /**
   * The tuning offset in fractions of a 36-per-octave bin, from every frame pushed or
   * from frames [from, to) only (a segment of the signal).
   */
  estimate(from = 0, to = this.frameStarts.length): number {
    const first = from < this.frameStarts.length ? this.frameStarts[from]! : this.count;
    const end = to < this.frameStarts.length ? this.frameStarts[to]! : this.count;
    const { peaks } = this;
    const n = end - first;
    if (n === 0) return 0;
    // The median peak (numpy's), by selection: sorting every peak of a long track was most of this.
    const mags = new Float64Array(n);
    for (let i = 0; i < n; i++) mags[i] = peaks[2 * (first + i) + 1]!;
    const threshold = medianInPlace(mags);
    const nBins = Math.ceil(1 / RESOLUTION);
    const edges = new Float64Array(nBins + 1);
    for (let i = 0; i <= nBins; i++) edges[i] = -0.5 + i / nBins;
    const counts = new Int32Array(nBins);
    let any = false;
    for (let i = first; i < end; i++) {
      const f = peaks[2 * i]!;
      if (!(peaks[2 * i + 1]! >= threshold) || !(f > 0)) continue;
      let r = (BINS_PER_OCTAVE * Math.log2(f / OCT_REF)) % 1;
      if (r < 0) r += 1;
      if (r >= 0.5) r -= 1;
      let b = Math.floor((r + 0.5) * nBins);
      if (b > 0 && r < edges[b]!) b--;
      if (b < nBins - 1 && r >= edges[b + 1]!) b++;
      counts[Math.min(nBins - 1, Math.max(0, b))]!++;
      any = true;
    }
    if (!any) return 0;
    let best = 0;
    for (let i = 1; i < nBins; i++) if (counts[i]! > counts[best]!) best = i;
    return edges[best]!;
  }
}
