// The decoder packages all answer with {channelData, samplesDecoded, sampleRate, errors};
// this hands such a result to a sink and keeps the counts.
import type { PcmSink } from './pcm';

export interface WasmDecoded {
  channelData: Float32Array[];
  samplesDecoded: number;
  sampleRate: number;
  errors: { message: string }[];
}

export class WasmOutput {
  frames = 0;
  sampleRate = 0;
  channels = 0;
  readonly problems: string[] = [];

  /**
   * `skip`: leading frames to drop (a Vorbis stream that starts late); `limit`: most
   * frames to pass on (its last granule position), see ogg-pages.ts.
   */
  constructor(
    private readonly sink: PcmSink,
    private skip = 0,
    private readonly limit = Infinity,
  ) {}

  take(r: WasmDecoded): void {
    for (const e of r.errors) if (this.problems.length < 10) this.problems.push(e.message);
    if (r.samplesDecoded === 0) return;
    this.sampleRate = r.sampleRate;
    this.channels = r.channelData.length;
    const from = Math.min(this.skip, r.samplesDecoded);
    this.skip -= from;
    const to = Math.min(r.samplesDecoded, from + Math.max(0, this.limit - this.frames));
    if (to <= from) return;
    this.frames += to - from;
    // Views, not copies: a sink uses a block before the decoder's next call (PcmSink).
    const channels = r.channelData.map((c) => c.subarray(from, to));
    this.sink({ channels, sampleRate: r.sampleRate });
  }
}
