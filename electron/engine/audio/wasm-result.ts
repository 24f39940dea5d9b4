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
    // The packages hand back arrays they allocate for each call; copy only an
    // array that does not own its whole buffer (a view into the decoder's memory
    // would be overwritten by the next call, and sinks may keep what they get).
    const channels = r.channelData.map((c) =>
      from === 0 && c.byteOffset === 0 && c.buffer.byteLength === c.byteLength
        ? c.subarray(0, to)
        : c.slice(from, to),
    );
    this.sink({ channels, sampleRate: r.sampleRate });
  }
}
