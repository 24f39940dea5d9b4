// Streaming rational resampler: a Kaiser-windowed sinc low-pass evaluated as a
// polyphase filter bank. Output sample n sits at input position n*M/L (L/M is the
// reduced ratio out/in), so there is no delay and the output length is exactly
// ceil(inputLength * L / M). Input before the start and after the end is zero.

/** Zero crossings of the sinc on each side, counted at the lower of the two rates. */
const DEFAULT_HALF_ZERO_CROSSINGS = 16;
/** Kaiser beta for about 70 dB of stopband attenuation. */
const DEFAULT_KAISER_BETA = 7;
/**
 * Cutoff as a fraction of the lower Nyquist frequency. With 16 zero crossings the
 * transition band is about 13% of Nyquist wide, so 0.88 puts the stopband's start
 * at Nyquist: nothing above it folds back into the band we analyse.
 */
const DEFAULT_CUTOFF = 0.88;

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Modified Bessel function of the first kind, order 0 (power series; converges fast for our betas). */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 50; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-16) break;
  }
  return sum;
}

export interface ResamplerOptions {
  halfZeroCrossings?: number;
  kaiserBeta?: number;
  cutoff?: number;
}

export class Resampler {
  /** Output samples per `down` input samples. */
  readonly up: number;
  readonly down: number;
  private readonly passthrough: boolean;
  /** Taps per phase. */
  private readonly tapCount: number;
  /** Offset of the first tap relative to floor(input position). */
  private readonly firstTap: number;
  /** Phase-major filter bank: phase p's taps at [p*tapCount, (p+1)*tapCount). */
  private readonly bank: Float32Array;
  private buf: Float32Array;
  private bufLen = 0;
  /** Absolute input index of buf[0]. */
  private bufStart: number;
  private inputCount = 0;
  private nextOut = 0;
  private flushed = false;

  constructor(inRate: number, outRate: number, options: ResamplerOptions = {}) {
    const g = gcd(inRate, outRate);
    this.up = outRate / g;
    this.down = inRate / g;
    this.passthrough = this.up === this.down;
    const zeroCrossings = options.halfZeroCrossings ?? DEFAULT_HALF_ZERO_CROSSINGS;
    const beta = options.kaiserBeta ?? DEFAULT_KAISER_BETA;
    // Cutoff in cycles per input sample.
    const nyquist = 0.5 * Math.min(1, this.up / this.down);
    const fc = nyquist * (options.cutoff ?? DEFAULT_CUTOFF);
    const halfLen = zeroCrossings / (2 * nyquist);
    const reach = Math.ceil(halfLen);
    this.firstTap = -reach;
    this.tapCount = 2 * reach + 2;
    this.bank = new Float32Array(this.passthrough ? 0 : this.up * this.tapCount);
    const i0beta = besselI0(beta);
    for (let p = 0; p < (this.passthrough ? 0 : this.up); p++) {
      const frac = p / this.up;
      let sum = 0;
      const row = new Float64Array(this.tapCount);
      for (let t = 0; t < this.tapCount; t++) {
        const x = frac - (this.firstTap + t); // distance from the output position to this input sample
        if (Math.abs(x) >= halfLen) continue;
        const arg = 2 * fc * x;
        const sinc = arg === 0 ? 1 : Math.sin(Math.PI * arg) / (Math.PI * arg);
        const r = x / halfLen;
        const w = besselI0(beta * Math.sqrt(1 - r * r)) / i0beta;
        row[t] = 2 * fc * sinc * w;
        sum += row[t]!;
      }
      // Exact unit gain at DC for every phase, so a constant input stays constant.
      for (let t = 0; t < this.tapCount; t++) this.bank[p * this.tapCount + t] = row[t]! / sum;
    }
    // Start with `reach` zeros standing for the silence before the first sample.
    this.buf = new Float32Array(Math.max(4096, reach * 4));
    this.bufLen = reach;
    this.bufStart = -reach;
  }

  /** Total output samples for a given input length. */
  outputLength(inputLength: number): number {
    return Math.ceil((inputLength * this.up) / this.down);
  }

  /** Feeds input; returns the output samples that are now final. */
  push(input: Float32Array): Float32Array {
    if (this.flushed) throw new Error('Resampler: push after flush');
    if (this.passthrough) {
      this.inputCount += input.length;
      return input;
    }
    this.append(input);
    this.inputCount += input.length;
    return this.produce(this.inputCount);
  }

  /** Ends the stream: the remaining outputs, computed with silence after the last sample. */
  flush(): Float32Array {
    if (this.flushed) return new Float32Array(0);
    this.flushed = true;
    if (this.passthrough) return new Float32Array(0);
    this.append(new Float32Array(this.tapCount + 1));
    return this.produce(Infinity);
  }

  private append(input: Float32Array): void {
    if (this.bufLen + input.length > this.buf.length) {
      const next = new Float32Array(Math.max(this.buf.length * 2, this.bufLen + input.length));
      next.set(this.buf.subarray(0, this.bufLen));
      this.buf = next;
    }
    this.buf.set(input, this.bufLen);
    this.bufLen += input.length;
  }

  /** Computes every output whose taps are all available; `available` is how far real input reaches. */
  private produce(available: number): Float32Array {
    const total = this.outputLength(this.inputCount);
    const bufEnd = this.bufStart + this.bufLen;
    // Last output whose final tap lies inside the buffer (and, before flush, inside real input).
    const tapsEnd = Math.min(bufEnd, available);
    let count = 0;
    {
      // Upper bound from tapsEnd: need floor(n*down/up) + firstTap + tapCount <= tapsEnd.
      const maxPos = tapsEnd - this.firstTap - this.tapCount; // floor(n*down/up) <= maxPos
      const lastN = maxPos < 0 ? -1 : Math.floor(((maxPos + 1) * this.up - 1) / this.down);
      count = Math.max(0, Math.min(lastN + 1, total) - this.nextOut);
    }
    const out = new Float32Array(count);
    const { up, down, tapCount, firstTap, bank, buf } = this;
    let n = this.nextOut;
    if (up === 1) {
      // Integer decimation (44.1 -> 22.05 kHz): one phase, symmetric about its centre
      // tap, so pairs of samples share a coefficient: half the multiplies.
      const reach = -firstTap;
      for (let o = 0; o < count; o++, n++) {
        const centre = n * down - this.bufStart;
        let acc = bank[reach]! * buf[centre]!;
        for (let j = 1; j <= reach; j++) acc += bank[reach - j]! * (buf[centre - j]! + buf[centre + j]!);
        out[o] = acc;
      }
      n = this.nextOut + count;
      this.nextOut = n;
      this.compact();
      return out;
    }
    for (let o = 0; o < count; o++, n++) {
      const pos = n * down;
      const i = Math.floor(pos / up);
      const p = pos - i * up;
      const base = i + firstTap - this.bufStart;
      const off = p * tapCount;
      let acc = 0;
      for (let t = 0; t < tapCount; t++) acc += bank[off + t]! * buf[base + t]!;
      out[o] = acc;
    }
    this.nextOut = n;
    this.compact();
    return out;
  }

  /** Drops input no future output can reach. */
  private compact(): void {
    const { up, down, firstTap } = this;
    const keepFrom = Math.floor((this.nextOut * down) / up) + firstTap;
    const drop = keepFrom - this.bufStart;
    if (drop > 0) {
      this.buf.copyWithin(0, drop, this.bufLen);
      this.bufLen -= drop;
      this.bufStart += drop;
    }
  }
}
