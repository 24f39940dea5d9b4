// FLAC through @wasm-audio-decoders/flac, streamed. The STREAMINFO block says how
// many samples the file holds, which is how a truncated file is told apart.
import { AudioFileError } from './audio-error';
import { readChunks, readHead } from './read-chunks';
import type { DecodeOptions, DecodeReport, PcmSink } from './pcm';
import { WasmOutput, type WasmDecoded } from './wasm-result';
import { type NativeDsp, nativeDsp } from '../dsp/native-dsp';
import { NativeFlacStream } from './flac-native';

interface StreamInfo {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  /** 0 in the file means unknown. */
  totalSamples: number | null;
}

/** Parses STREAMINFO, which must be the first metadata block after "fLaC" at `at`. */
export function parseStreamInfo(b: Uint8Array, at: number): StreamInfo {
  const type = b[at + 4]! & 0x7f;
  if (type !== 0 || b.length < at + 8 + 18) throw new AudioFileError('invalid FLAC file: no STREAMINFO');
  const s = at + 8;
  const sampleRate = (b[s + 10]! << 12) | (b[s + 11]! << 4) | (b[s + 12]! >> 4);
  const channels = ((b[s + 12]! >> 1) & 7) + 1;
  const bitsPerSample = (((b[s + 12]! & 1) << 4) | (b[s + 13]! >> 4)) + 1;
  const total =
    (b[s + 13]! & 0x0f) * 2 ** 32 +
    ((b[s + 14]! << 24) >>> 0) +
    (b[s + 15]! << 16) +
    (b[s + 16]! << 8) +
    b[s + 17]!;
  return { sampleRate, channels, bitsPerSample, totalSamples: total > 0 ? total : null };
}

/**
 * The decoder scales integers by 1/(2^(bits-1) - 1); WAV (and every other decoder
 * here) by 1/2^(bits-1). Rescaling makes FLAC sample-exact with the WAV it came from.
 *
 * Each value is Math.round(x * max) / 2^(bits-1), computed without Math.round: V8
 * compiles it to a ceiling and a branch on whether the ceiling was more than half
 * above, and x * max lands just above or just below an integer at random, so that
 * branch was mispredicted about every other sample (9 ns a sample, a fifth of a FLAC
 * file's decoding). floor(x + 0.5) has no such branch (2.2 ns); the two checks after
 * it, both almost never taken, make it Math.round exactly: x + 0.5 rounds up to 1 for
 * x = 0.5 - 2^-54 only, and Math.round keeps the sign of a zero. Dividing by a power of
 * two is multiplying by its exact reciprocal.
 */
export function toWavScale<T extends WasmDecoded & { bitDepth: number }>(r: T): T {
  const max = 2 ** (r.bitDepth - 1) - 1;
  const inv = 1 / 2 ** (r.bitDepth - 1);
  const n = r.samplesDecoded;
  for (const ch of r.channelData) {
    for (let i = 0; i < n; i++) {
      const x = ch[i]! * max;
      let y = Math.floor(x + 0.5);
      if (y - 0.5 > x) y -= 1;
      if (y === 0) y = x * 0;
      ch[i] = y * inv;
    }
  }
  return r;
}

/** File bytes per read and per native call: a call that ends inside a frame decodes it again with the next. */
const NATIVE_CHUNK_BYTES = 1024 * 1024;

export async function decodeFlacFile(
  filePath: string,
  sink: PcmSink,
  options: DecodeOptions,
  startOffset: number,
  dsp: NativeDsp | null = nativeDsp(),
): Promise<DecodeReport> {
  const head = await readHead(filePath, startOffset + 64);
  const info = parseStreamInfo(head, startOffset);
  const report = {
    format: 'flac' as const,
    declaredFrames: info.totalSamples,
    toleranceFrames: 0,
  };
  // 32-bit and unusual depths stay with the wasm decoder (its scaling is defined for 8, 16, 24, 32).
  if (dsp && [8, 16, 24].includes(info.bitsPerSample)) {
    const stream = new NativeFlacStream(dsp, sink, startOffset, info.sampleRate, info.bitsPerSample);
    const chunkBytes = Math.max(options.chunkBytes ?? 0, NATIVE_CHUNK_BYTES);
    for await (const chunk of readChunks(filePath, chunkBytes, options.signal)) stream.push(chunk);
    stream.finish();
    const t = stream.totals;
    return {
      ...report,
      sampleRate: t.sampleRate || info.sampleRate,
      channels: t.channels || info.channels,
      frames: t.frames,
    };
  }
  const { FLACDecoder } = await import('@wasm-audio-decoders/flac');
  const decoder = new FLACDecoder();
  await decoder.ready;
  const out = new WasmOutput(sink);
  try {
    for await (const chunk of readChunks(filePath, options.chunkBytes, options.signal)) {
      out.take(toWavScale(await decoder.decode(chunk)));
    }
    out.take(toWavScale(await decoder.flush()));
  } finally {
    decoder.free();
  }
  return {
    ...report,
    sampleRate: out.sampleRate || info.sampleRate,
    channels: out.channels || info.channels,
    frames: out.frames,
    problems: out.problems,
  };
}
