// Streaming sample-rate conversion to the analysis rate. Same rate passes through;
// exactly 2:1 (44.1 -> 22.05 kHz, by far the commonest case) has a loop of its own,
// any other ratio goes through the general polyphase loop; both apply the same
// filter design. Every path has no delay: output n sits at input n * in / out, and
// n inputs give ceil(n * out / in) outputs.
import { Downmixer } from './downmix';
import { HqHalfRateDecimator } from './hq-half-rate';
import { PolyphaseResampler } from './polyphase-resampler';
import type { ResamplerOptions } from './sinc-filter';

export type { ResamplerOptions };

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

interface RateConverter {
  push(input: Float32Array): Float32Array;
  flush(): Float32Array;
}

/** The identity, for a file already at the target rate. */
class Passthrough implements RateConverter {
  push(input: Float32Array): Float32Array {
    return input;
  }
  flush(): Float32Array {
    return new Float32Array(0);
  }
}

export class Resampler {
  /** Output samples per `down` input samples. */
  readonly up: number;
  readonly down: number;
  private readonly converter: RateConverter;
  /** Set when the converter can take stereo blocks directly (it downmixes as it reads). */
  private readonly stereo: HqHalfRateDecimator | null;
  private readonly mixer = new Downmixer();
  private flushed = false;

  /** `options` tune the filter design (tests); the default is what the analysis uses. */
  constructor(inRate: number, outRate: number, options: ResamplerOptions = {}) {
    const g = gcd(inRate, outRate);
    this.up = outRate / g;
    this.down = inRate / g;
    // The 2:1 loop has the default filter built in; other options take the general path.
    const defaultFilter = Object.keys(options).length === 0;
    this.stereo = defaultFilter && this.up === 1 && this.down === 2 ? new HqHalfRateDecimator() : null;
    if (this.stereo) this.converter = this.stereo;
    else if (this.up === this.down) this.converter = new Passthrough();
    else this.converter = new PolyphaseResampler(this.up, this.down, options);
  }

  /** Total output samples for a given input length. */
  outputLength(inputLength: number): number {
    return Math.ceil((inputLength * this.up) / this.down);
  }

  /**
   * Feeds input; returns the output samples that are now final. Like pushChannels's,
   * the result may be a view of a buffer reused by the next call: consume it before then.
   */
  push(input: Float32Array): Float32Array {
    if (this.flushed) throw new Error('Resampler: push after flush');
    return this.converter.push(input);
  }

  /**
   * Feeds one block of planar channels, averaged to mono (downmix.ts). The result
   * may be a view of a buffer reused by the next call: consume it before then.
   */
  pushChannels(channels: readonly Float32Array[]): Float32Array {
    if (this.flushed) throw new Error('Resampler: push after flush');
    if (this.stereo && channels.length === 2) return this.stereo.pushStereo(channels[0]!, channels[1]!);
    return this.converter.push(this.mixer.mix(channels));
  }

  /** Ends the stream: the remaining outputs, computed with silence after the last sample. */
  flush(): Float32Array {
    if (this.flushed) return new Float32Array(0);
    this.flushed = true;
    return this.converter.flush();
  }
}
