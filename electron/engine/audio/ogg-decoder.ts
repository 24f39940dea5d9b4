// Ogg Vorbis and Ogg Opus through the wasm decoders, streamed. Completeness comes
// from the last page (see ogg-tail.ts); its granule position is the declared length.
import { readChunks, readHead } from './read-chunks';
import type { DecodeOptions, DecodeReport, PcmSink } from './pcm';
import { opusPreSkip, readOggEnd } from './ogg-tail';
import { EarlyEosFilter, firstAudioPage } from './ogg-pages';
import fs from 'node:fs/promises';
import { fastVorbisDecoder } from './vorbis-wasm';
import { WasmOutput, type WasmDecoded } from './wasm-result';

interface StreamingDecoder {
  ready: Promise<void>;
  decode(data: Uint8Array): WasmDecoded | Promise<WasmDecoded>;
  flush(): Promise<WasmDecoded>;
  free(): void;
}

async function packageDecoder(codec: 'vorbis' | 'opus'): Promise<StreamingDecoder> {
  if (codec === 'vorbis') {
    const { OggVorbisDecoder } = await import('@wasm-audio-decoders/ogg-vorbis');
    return new OggVorbisDecoder();
  }
  const { OggOpusDecoder } = await import('ogg-opus-decoder');
  return new OggOpusDecoder();
}

const NOTHING: WasmDecoded = { channelData: [], samplesDecoded: 0, sampleRate: 0, errors: [] };

/**
 * A ready decoder. Vorbis goes through vorbis-wasm.ts (the package's wasm decoder
 * without its JavaScript parser) when it can; it is given whole pages only, so its
 * flush has nothing left to decode.
 */
async function createDecoder(codec: 'vorbis' | 'opus'): Promise<StreamingDecoder> {
  const decoder = await packageDecoder(codec);
  await decoder.ready;
  const fast = codec === 'vorbis' ? fastVorbisDecoder(decoder) : null;
  if (!fast) return decoder;
  return {
    ready: decoder.ready,
    decode: (data) => fast.decode(data),
    flush: () => Promise.resolve(NOTHING),
    free: () => decoder.free(),
  };
}

/** Bytes read from the start to find the first audio page (a Vorbis setup header is rarely over 8 KB). */
const START_BYTES = 256 * 1024;

/**
 * How many samples a Vorbis stream starts late by: what the decoder gives for the
 * pages up to the first audio page, less that page's granule position (found by
 * decoding just those pages with a decoder of its own).
 */
async function vorbisStartTrim(filePath: string): Promise<number> {
  const head = await readHead(filePath, START_BYTES);
  const first = firstAudioPage(head);
  if (!first) return 0;
  const probe = await createDecoder('vorbis');
  try {
    const a = await probe.decode(head.slice(0, first.end));
    const b = await probe.flush();
    return Math.max(0, a.samplesDecoded + b.samplesDecoded - first.granule);
  } finally {
    probe.free();
  }
}

/** Opus always decodes at 48 kHz. */
const OPUS_RATE = 48_000;

export async function decodeOggFile(
  filePath: string,
  sink: PcmSink,
  options: DecodeOptions,
  codec: 'vorbis' | 'opus',
): Promise<DecodeReport> {
  // Check the end first: a truncated file fails before any decoding work.
  const end = await readOggEnd(filePath);
  const head = await readHead(filePath, 512);
  const skip = codec === 'vorbis' ? await vorbisStartTrim(filePath) : 0;
  const size = (await fs.stat(filePath)).size;
  const filter = new EarlyEosFilter(size);
  const decoder = await createDecoder(codec);
  // Vorbis: no more than the last granule position says (ffmpeg's length when pages
  // go on after an early end-of-stream flag).
  const out = new WasmOutput(sink, skip, codec === 'vorbis' && end.granule > 0 ? end.granule : Infinity);
  try {
    for await (const chunk of readChunks(filePath, options.chunkBytes, options.signal)) {
      const pages = filter.push(chunk);
      if (pages.length > 0) out.take(await decoder.decode(pages));
    }
    const rest = filter.flush();
    if (rest.length > 0) out.take(await decoder.decode(rest));
    out.take(await decoder.flush());
  } finally {
    decoder.free();
  }
  const declared = codec === 'opus' ? end.granule - opusPreSkip(head) : end.granule;
  return {
    format: codec,
    sampleRate: out.sampleRate || (codec === 'opus' ? OPUS_RATE : 0),
    channels: out.channels,
    frames: out.frames,
    declaredFrames: declared > 0 ? declared : null,
    // The end page is checked above; the length may differ by one codec frame in how decoders trim it.
    toleranceFrames: codec === 'opus' ? 960 * 2 : 2048,
    problems: out.problems,
  };
}
