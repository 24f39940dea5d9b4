// Streaming rational resampler: a Kaiser-windowed sinc low-pass evaluated as a
// polyphase filter bank. Output sample n sits at input position n*M/L (L/M is the
// reduced ratio out/in), so there is no delay and the output length is exactly
// ceil(inputLength * L / M). Input before the start and after the end is zero.
//
// Where the native kernels are built (dsp/native-dsp.ts), the outputs of each push are
// one call into C with the same bank and the same order of additions: bit for bit the
// same samples (a 48 kHz track spent about a quarter of its analysis in this loop).
import { type NativeDsp, type NativePlan, nativeDsp } from '../dsp/native-dsp';
import { designSincBank, type ResamplerOptions } from './sinc-filter';
import { appendSamples } from './append-samples';

export class PolyphaseResampler {
  /** Taps per phase; even, so the inner loop can run two sums side by side. */
  private readonly tapCount: number;
  /** Offset of the first tap relative to floor(input position). */
  private readonly firstTap: number;
  /** Phase-major filter bank: phase p's taps at [p*tapCount, (p+1)*tapCount). */
  private readonly bank: Float64Array;
  private buf: Float32Array;
  private bufLen = 0;
  /** Absolute input index of buf[0]. */
  private bufStart: number;
  private inputCount = 0;
  private nextOut = 0;
  private flushed = false;
  private readonly native: { dsp: NativeDsp; plan: NativePlan } | null;

  /**
   * `up` outputs for every `down` inputs, a reduced fraction. `dsp` null runs the
   * TypeScript arithmetic (the kernels' tests compare the two).
   */
  constructor(
    private readonly up: number,
    private readonly down: number,
    options: ResamplerOptions = {},
    dsp: NativeDsp | null = nativeDsp(),
  ) {
    const design = designSincBank(up, down, options);
    this.tapCount = design.tapCount;
    this.firstTap = design.firstTap;
    this.bank = design.bank;
    this.native = dsp
      ? { dsp, plan: dsp.polyphasePlan(up, down, this.firstTap, this.tapCount, this.bank) }
      : null;
    const reach = -this.firstTap;
    // Start with `reach` zeros standing for the silence before the first sample.
    this.buf = new Float32Array(Math.max(4096, reach * 4));
    this.bufLen = reach;
    this.bufStart = -reach;
  }

  /** Feeds input; returns the output samples that are now final. */
  push(input: Float32Array): Float32Array {
    if (this.flushed) throw new Error('Resampler: push after flush');
    this.append(input);
    this.inputCount += input.length;
    return this.produce(this.inputCount);
  }

  /** Ends the stream: the remaining outputs, computed with silence after the last sample. */
  flush(): Float32Array {
    if (this.flushed) return new Float32Array(0);
    this.flushed = true;
    this.append(new Float32Array(this.tapCount + 1));
    return this.produce(Infinity);
  }

  private append(input: Float32Array): void {
    this.buf = appendSamples(this.buf, this.bufLen, input);
    this.bufLen += input.length;
  }

  /** Computes every output whose taps are all available; `available` is how far real input reaches. */
  private produce(available: number): Float32Array {
    const { up, down, tapCount, firstTap, bank, buf } = this;
    const total = Math.ceil((this.inputCount * up) / down);
    // Last output whose final tap lies inside the buffer (and, before flush, inside real input):
    // need floor(n*down/up) + firstTap + tapCount <= tapsEnd.
    const tapsEnd = Math.min(this.bufStart + this.bufLen, available);
    const maxPos = tapsEnd - firstTap - tapCount;
    const lastN = maxPos < 0 ? -1 : Math.floor(((maxPos + 1) * up - 1) / down);
    const count = Math.max(0, Math.min(lastN + 1, total) - this.nextOut);
    const out = new Float32Array(count);
    if (this.native) {
      this.native.dsp.polyphaseRun(this.native.plan, buf, this.bufLen, this.bufStart, this.nextOut, out);
      this.nextOut += count;
      this.compact();
      return out;
    }
    let n = this.nextOut;
    for (let o = 0; o < count; o++, n++) {
      const pos = n * down;
      const i = Math.floor(pos / up);
      const base = i + firstTap - this.bufStart;
      const off = (pos - i * up) * tapCount;
      // Two interleaved sums: independent additions run side by side. The loop is
      // unrolled to four taps a turn (tapCount is even; the odd pair is done after),
      // each sum still taking its taps in order: the same result, bit for bit.
      let even = 0;
      let odd = 0;
      let t = 0;
      for (; t + 4 <= tapCount; t += 4) {
        const b = off + t;
        const x = base + t;
        even += bank[b]! * buf[x]!;
        odd += bank[b + 1]! * buf[x + 1]!;
        even += bank[b + 2]! * buf[x + 2]!;
        odd += bank[b + 3]! * buf[x + 3]!;
      }
      if (t < tapCount) {
        even += bank[off + t]! * buf[base + t]!;
        odd += bank[off + t + 1]! * buf[base + t + 1]!;
      }
      out[o] = even + odd;
    }
    this.nextOut = n;
    this.compact();
    return out;
  }

  /** Drops input no future output can reach. */
  private compact(): void {
    const keepFrom = Math.floor((this.nextOut * this.down) / this.up) + this.firstTap;
    const drop = keepFrom - this.bufStart;
    if (drop > 0) {
      this.buf.copyWithin(0, drop, this.bufLen);
      this.bufLen -= drop;
      this.bufStart += drop;
    }
  }
}
