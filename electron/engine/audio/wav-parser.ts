// A push parser for RIFF/WAVE: feed it bytes in any chunking, it emits planar float
// blocks. Handles PCM 8/16/24/32-bit integer, 32/64-bit float and
// WAVE_FORMAT_EXTENSIBLE. Used for files and for ffmpeg's piped output, whose size
// fields are unknown (0 or 0xFFFFFFFF), meaning "until the end of the stream".
import { AudioFileError } from './audio-error';
import { concatBytes } from './bytes';
import type { PcmSink } from './pcm';

const WAVE_FORMAT_PCM = 1;
const WAVE_FORMAT_IEEE_FLOAT = 3;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;
/** Chunks other than `data` are skipped, but a header this large is not a WAV file we can trust. */
const MAX_FMT_CHUNK_BYTES = 4096;
const UNKNOWN_SIZE = 0xffffffff;

export interface WavFormat {
  sampleRate: number;
  channels: number;
  /** Container bits per sample (8, 16, 24, 32 or 64). */
  bitsPerSample: number;
  blockAlign: number;
  sampleKind: 'int' | 'float';
}

type Stage = 'riff' | 'chunks' | 'data' | 'done';

function fourcc(b: Uint8Array, at: number): string {
  return String.fromCharCode(b[at]!, b[at + 1]!, b[at + 2]!, b[at + 3]!);
}

export function parseFmtChunk(body: Uint8Array): WavFormat {
  if (body.length < 16) throw new AudioFileError('invalid WAV file: format chunk too short');
  const dv = new DataView(body.buffer, body.byteOffset, body.byteLength);
  let tag = dv.getUint16(0, true);
  const channels = dv.getUint16(2, true);
  const sampleRate = dv.getUint32(4, true);
  const blockAlign = dv.getUint16(12, true);
  const bitsPerSample = dv.getUint16(14, true);
  if (tag === WAVE_FORMAT_EXTENSIBLE) {
    // The real format is the first two bytes of the SubFormat GUID.
    if (body.length < 40) throw new AudioFileError('invalid WAV file: extensible format chunk too short');
    tag = dv.getUint16(24, true);
  }
  let sampleKind: 'int' | 'float';
  if (tag === WAVE_FORMAT_PCM && [8, 16, 24, 32].includes(bitsPerSample)) sampleKind = 'int';
  else if (tag === WAVE_FORMAT_IEEE_FLOAT && (bitsPerSample === 32 || bitsPerSample === 64))
    sampleKind = 'float';
  else throw new AudioFileError(`unsupported WAV encoding (format ${tag}, ${bitsPerSample} bits)`);
  if (channels < 1 || sampleRate < 1000 || sampleRate > 768_000) {
    throw new AudioFileError(`invalid WAV file: ${channels} channels at ${sampleRate} Hz`);
  }
  if (blockAlign !== (channels * bitsPerSample) / 8) {
    throw new AudioFileError('invalid WAV file: block size does not match channels and bit depth');
  }
  return { sampleRate, channels, bitsPerSample, blockAlign, sampleKind };
}

/**
 * Converts whole sample frames of interleaved bytes to planar floats: new arrays, or
 * views of the arrays of `reuse` (one per channel) when they are long enough.
 */
export function decodeInterleaved(bytes: Uint8Array, fmt: WavFormat, reuse?: Float32Array[]): Float32Array[] {
  const frames = Math.floor(bytes.length / fmt.blockAlign);
  const out: Float32Array[] = [];
  for (let c = 0; c < fmt.channels; c++) {
    const r = reuse?.[c];
    out.push(r && r.length >= frames ? r.subarray(0, frames) : new Float32Array(frames));
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const step = fmt.bitsPerSample / 8;
  for (let c = 0; c < fmt.channels; c++) {
    const ch = out[c]!;
    let at = c * step;
    const stride = fmt.blockAlign;
    if (fmt.sampleKind === 'float') {
      if (step === 4) for (let f = 0; f < frames; f++, at += stride) ch[f] = dv.getFloat32(at, true);
      else for (let f = 0; f < frames; f++, at += stride) ch[f] = dv.getFloat64(at, true);
    } else if (step === 1) {
      for (let f = 0; f < frames; f++, at += stride) ch[f] = (bytes[at]! - 128) / 128;
    } else if (step === 2) {
      for (let f = 0; f < frames; f++, at += stride) ch[f] = dv.getInt16(at, true) / 32768;
    } else if (step === 3) {
      for (let f = 0; f < frames; f++, at += stride) {
        const v = bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16);
        ch[f] = ((v << 8) >> 8) / 8388608; // sign-extend 24 bits
      }
    } else {
      for (let f = 0; f < frames; f++, at += stride) ch[f] = dv.getInt32(at, true) / 2147483648;
    }
  }
  return out;
}

export class WavStreamParser {
  format: WavFormat | null = null;
  /** Frames the data chunk declares; null when its size is unknown (streamed WAV). */
  declaredFrames: number | null = null;
  framesDecoded = 0;
  private stage: Stage = 'riff';
  private pending: Uint8Array = new Uint8Array(0);
  private skipBytes = 0;
  /** Data bytes still to come; null means "until the end of the input". */
  private dataRemaining: number | null = null;

  /** Per channel, the floats of the latest block, reused by the next. */
  private planar: Float32Array[] = [];

  constructor(private readonly sink: PcmSink) {}

  push(bytes: Uint8Array): void {
    let buf = concatBytes(this.pending, bytes);
    this.pending = new Uint8Array(0);
    while (buf.length > 0 && this.stage !== 'done') {
      if (this.stage === 'riff') {
        if (buf.length < 12) break;
        if (fourcc(buf, 0) !== 'RIFF' || fourcc(buf, 8) !== 'WAVE')
          throw new AudioFileError('not a WAV file');
        buf = buf.subarray(12);
        this.stage = 'chunks';
      } else if (this.stage === 'chunks') {
        if (this.skipBytes > 0) {
          const n = Math.min(this.skipBytes, buf.length);
          this.skipBytes -= n;
          buf = buf.subarray(n);
          continue;
        }
        if (buf.length < 8) break;
        const id = fourcc(buf, 0);
        const size = new DataView(buf.buffer, buf.byteOffset, 8).getUint32(4, true);
        if (id === 'fmt ') {
          if (size > MAX_FMT_CHUNK_BYTES)
            throw new AudioFileError('invalid WAV file: oversized format chunk');
          if (buf.length < 8 + size) break;
          this.format = parseFmtChunk(buf.subarray(8, 8 + size));
          buf = buf.subarray(8 + size + (size & 1));
        } else if (id === 'data') {
          if (!this.format) throw new AudioFileError('invalid WAV file: audio data before its format');
          const known = size !== 0 && size !== UNKNOWN_SIZE;
          this.dataRemaining = known ? size : null;
          this.declaredFrames = known ? Math.floor(size / this.format.blockAlign) : null;
          buf = buf.subarray(8);
          this.stage = 'data';
        } else {
          buf = buf.subarray(8);
          this.skipBytes = size + (size & 1);
        }
      } else {
        const rest = this.consumeData(buf);
        // Less than one sample frame left: wait for more input.
        if (rest.length === buf.length) break;
        buf = rest;
      }
    }
    if (this.stage !== 'done') this.pending = buf.length > 0 ? buf.slice() : new Uint8Array(0);
  }

  /** Call after the last byte; throws when the stream never reached its audio. */
  finish(): void {
    if (this.stage === 'riff' || this.stage === 'chunks') {
      throw new AudioFileError(this.format ? 'invalid WAV file: no audio data' : 'not a complete WAV file');
    }
  }

  private consumeData(buf: Uint8Array): Uint8Array {
    const fmt = this.format!;
    let take = buf.length;
    if (this.dataRemaining !== null) take = Math.min(take, this.dataRemaining);
    const whole = take - (take % fmt.blockAlign);
    if (whole > 0) {
      const channels = decodeInterleaved(buf.subarray(0, whole), fmt, this.planar);
      // Their whole buffers serve the next block (PcmSink: the sink has used them by then).
      this.planar = channels.map((c) => new Float32Array(c.buffer));
      this.framesDecoded += whole / fmt.blockAlign;
      if (this.dataRemaining !== null) this.dataRemaining -= whole;
      this.sink({ channels, sampleRate: fmt.sampleRate });
    }
    // Done when the declared data is used up (an odd trailing partial frame is dropped).
    if (
      this.dataRemaining !== null &&
      this.dataRemaining < fmt.blockAlign &&
      buf.length - whole >= this.dataRemaining
    ) {
      this.stage = 'done';
      return new Uint8Array(0);
    }
    // A partial sample frame waits for the next push.
    return buf.subarray(whole);
  }
}
