// FLAC frames decoded by our C addon (electron/engine/dsp/src/flac.c), for 8-, 16- and
// 24-bit files: the same samples as the wasm package followed by flac-decoder.ts's
// rescaling (FLAC is lossless; the C code scales as they do), at about a third of
// their CPU (they parse every frame twice: codec-parser in JavaScript finds and
// checks it, then libFLAC in wasm decodes it). Frames are found as codec-parser finds
// them: at a sync code, with both CRCs right; anything else is skipped.
import type { NativeDsp } from '../dsp/native-dsp';
import { concatBytes } from './bytes';
import type { PcmSink } from './pcm';

/** Samples per channel one call may write (a frame holds at most 65,536). */
const CAPACITY = 65_536;
const MAX_CHANNELS = 8;
const MAX_BLOCK = 65_536;

export interface NativeFlacResult {
  frames: number;
  sampleRate: number;
  channels: number;
}

export class NativeFlacStream {
  private readonly out = new Float32Array(MAX_CHANNELS * CAPACITY);
  private readonly scratch = new Int32Array(MAX_CHANNELS * MAX_BLOCK);
  private readonly stream: Int32Array;
  private readonly result = new Float64Array(6);
  private rest: Uint8Array = new Uint8Array(0);
  /** Bytes still to skip before the first frame (ID3 tag, "fLaC", metadata blocks). */
  private skip: number;
  private metadataDone = false;
  readonly totals: NativeFlacResult = { frames: 0, sampleRate: 0, channels: 0 };

  /** `audioStart`: where "fLaC" starts; `rate`, `bits`: from STREAMINFO. */
  constructor(
    private readonly dsp: NativeDsp,
    private readonly sink: PcmSink,
    audioStart: number,
    rate: number,
    bits: number,
  ) {
    this.skip = audioStart + 4;
    this.stream = Int32Array.of(rate, bits);
  }

  push(chunk: Uint8Array): void {
    this.decode(concatBytes(this.rest, chunk), 0);
  }

  finish(): void {
    this.decode(this.rest, 1);
    this.rest = new Uint8Array(0);
  }

  /** Skips metadata blocks: a 4-byte header each (last-block flag, type, 24-bit length). */
  private skipMetadata(buf: Uint8Array): Uint8Array {
    for (;;) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, buf.length);
        this.skip -= n;
        buf = buf.subarray(n);
        if (this.skip > 0) return buf;
      }
      if (this.metadataDone || buf.length < 4) return buf;
      this.metadataDone = (buf[0]! & 0x80) !== 0;
      this.skip = 4 + ((buf[1]! << 16) | (buf[2]! << 8) | buf[3]!);
    }
  }

  private decode(input: Uint8Array, last: 0 | 1): void {
    let buf = this.metadataDone && this.skip === 0 ? input : this.skipMetadata(input);
    if (!this.metadataDone || this.skip > 0) {
      this.rest = buf.slice();
      return;
    }
    const r = this.result;
    for (;;) {
      this.dsp.flacDecode(buf, last, this.out, CAPACITY, this.scratch, this.stream, r);
      const consumed = r[0]!;
      const n = r[1]!;
      buf = buf.subarray(consumed);
      if (n > 0) this.emit(n, r[2]!, r[3]!);
      if (n === 0 && (consumed === 0 || buf.length === 0)) break;
    }
    this.rest = buf.slice();
  }

  private emit(n: number, channels: number, rate: number): void {
    const out: Float32Array[] = [];
    // Views: the sink uses them before the next native call overwrites them (PcmSink).
    for (let c = 0; c < channels; c++) out.push(this.out.subarray(c * CAPACITY, c * CAPACITY + n));
    this.totals.frames += n;
    this.totals.sampleRate = rate;
    this.totals.channels = channels;
    this.sink({ channels: out, sampleRate: rate });
  }
}
