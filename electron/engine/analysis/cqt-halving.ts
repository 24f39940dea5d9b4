// The 2:1 halving between the constant-Q transform's octaves (see cqt-chroma.ts).
// librosa halves each octave with soxr's HQ filter (flat to 91% of the new Nyquist
// frequency, long: 370 taps); the 44.1 kHz input still gets that filter
// (audio/hq-half-rate.ts). Between octaves it is not needed: an octave's filters
// read only up to 40% of its Nyquist frequency (its 36 bins span one octave below a
// quarter of its rate; the highest spectrum bin any of them keeps is 203 of 512), and
// so does every octave below it. What matters is that the band up to 45% of the new
// Nyquist frequency passes unchanged and that nothing aliases into it, i.e. that
// 155% of it and up is stopped. That is a half-band filter: symmetric about the new
// Nyquist frequency, every other tap zero, 47 taps for 140 dB (designed as a Kaiser-
// windowed sinc; passband ripple below 2e-7, the HQ filter's is about 2e-6). An
// output costs 12 multiplications instead of an FFT block's share.
//
// Output n sits on input 2n (no delay); n inputs give ceil(n / 2) outputs; input
// outside the stream is zero. Outputs are 32-bit floats, as the HQ halving's are.
import { kaiser } from '../audio/kaiser';
import { type NativeDsp, nativeDsp } from '../dsp/native-dsp';

/** The outermost tap's distance (odd: the even taps but the centre are zero). */
export const HALF_BAND_REACH = 23;
const REACH = HALF_BAND_REACH;
const REJECTION_DB = 140;
const BETA = 0.1102 * (REJECTION_DB - 8.7);

/** Taps at distances 1, 3, ..., REACH (the centre tap is 1/2), summing with it to gain 1. */
export const HALF_BAND_TAPS = ((): Float64Array => {
  const taps = new Float64Array((REACH + 1) / 2);
  let sum = 0;
  for (let i = 0; i < taps.length; i++) {
    const d = 2 * i + 1;
    const v = (Math.sin((Math.PI * d) / 2) / (Math.PI * d)) * kaiser(d / (REACH + 1), BETA);
    taps[i] = v;
    sum += 2 * v;
  }
  for (let i = 0; i < taps.length; i++) taps[i]! *= 0.5 / sum;
  return taps;
})();

if (HALF_BAND_TAPS.length !== 12) throw new Error('cqt-halving: produce is written for 12 taps (REACH 23)');
const tap = (i: number): number => HALF_BAND_TAPS[i]!;
const C0 = tap(0);
const C1 = tap(1);
const C2 = tap(2);
const C3 = tap(3);
const C4 = tap(4);
const C5 = tap(5);
const C6 = tap(6);
const C7 = tap(7);
const C8 = tap(8);
const C9 = tap(9);
const C10 = tap(10);
const C11 = tap(11);

export class CqtHalver {
  /** buf[i] is input sample bufStart + i, for i < bufLen; it starts with REACH zeros. */
  private buf = new Float32Array(8192);
  private bufStart = -REACH;
  private bufLen = REACH;
  private inputCount = 0;
  /** Input position of the next output (even). */
  private nextPos = 0;
  private flushed = false;
  /** The outputs of the latest call (reused: one array a push was most of the chroma's garbage). */
  private out = new Float32Array(4096);

  /** `dsp` null runs the JavaScript arithmetic (the kernels' tests compare the two). */
  constructor(private readonly dsp: NativeDsp | null = nativeDsp()) {}

  /**
   * Feeds input; returns the outputs that are now final, as a view of a buffer the
   * next push or flush reuses (consume or copy it before then).
   */
  push(input: Float32Array): Float32Array {
    if (this.flushed) throw new Error('CqtHalver: push after flush');
    this.append(input);
    this.inputCount += input.length;
    return this.produce(this.inputCount - REACH);
  }

  /** Ends the stream: the remaining outputs, with silence after the last sample (a view, as push gives). */
  flush(): Float32Array {
    if (this.flushed) return new Float32Array(0);
    this.flushed = true;
    this.append(new Float32Array(REACH));
    return this.produce(this.inputCount);
  }

  private append(input: Float32Array): void {
    if (this.bufLen + input.length > this.buf.length) {
      const grown = new Float32Array(Math.max(2 * this.buf.length, this.bufLen + input.length));
      grown.set(this.buf.subarray(0, this.bufLen));
      this.buf = grown;
    }
    this.buf.set(input, this.bufLen);
    this.bufLen += input.length;
  }

  /** Outputs at positions below `end` (each needs its input up to REACH after it). */
  private produce(end: number): Float32Array {
    const count = Math.max(0, Math.ceil((end - this.nextPos) / 2));
    if (this.out.length < count) this.out = new Float32Array(Math.max(count, 2 * this.out.length));
    const out = this.out.subarray(0, count);
    const b = this.buf;
    const at = this.nextPos - this.bufStart;
    // The native kernel runs convolve's loop in C, term for term (the same values).
    if (this.dsp) this.dsp.cqtHalve(HALF_BAND_TAPS, b, at, count, out);
    else convolve(b, at, count, out);
    this.nextPos += 2 * count;
    // Keep the REACH samples before the next output.
    const drop = Math.min(this.bufLen, Math.max(0, this.nextPos - REACH - this.bufStart));
    if (drop > 0) {
      this.buf.copyWithin(0, drop, this.bufLen);
      this.bufLen -= drop;
      this.bufStart += drop;
    }
    return out;
  }
}

/** out[m] = the half-band filter at b[at + 2m]. */
function convolve(b: Float32Array, at: number, count: number, out: Float32Array): void {
  // Written out tap by tap (2.4 times faster than a loop over the taps, measured).
  for (let m = 0; m < count; m++, at += 2) {
    out[m] =
      0.5 * b[at]! +
      C0 * (b[at - 1]! + b[at + 1]!) +
      C1 * (b[at - 3]! + b[at + 3]!) +
      C2 * (b[at - 5]! + b[at + 5]!) +
      C3 * (b[at - 7]! + b[at + 7]!) +
      C4 * (b[at - 9]! + b[at + 9]!) +
      C5 * (b[at - 11]! + b[at + 11]!) +
      C6 * (b[at - 13]! + b[at + 13]!) +
      C7 * (b[at - 15]! + b[at + 15]!) +
      C8 * (b[at - 17]! + b[at + 17]!) +
      C9 * (b[at - 19]! + b[at + 19]!) +
      C10 * (b[at - 21]! + b[at + 21]!) +
      C11 * (b[at - 23]! + b[at + 23]!);
  }
}
