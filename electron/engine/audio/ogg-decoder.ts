// Ogg Vorbis and Ogg Opus through the wasm decoders, streamed. Completeness comes
// from the last page (see ogg-tail.ts); its granule position is the declared length.
import { readChunks, readHead } from './read-chunks';
import type { DecodeOptions, DecodeReport, PcmSink } from './pcm';
import { opusPreSkip, readOggEnd } from './ogg-tail';
import { WasmOutput, type WasmDecoded } from './wasm-result';

interface StreamingDecoder {
  ready: Promise<void>;
  decode(data: Uint8Array): WasmDecoded | Promise<WasmDecoded>;
  flush(): Promise<WasmDecoded>;
  free(): void;
}

async function createDecoder(codec: 'vorbis' | 'opus'): Promise<StreamingDecoder> {
  if (codec === 'vorbis') {
    const { OggVorbisDecoder } = await import('@wasm-audio-decoders/ogg-vorbis');
    return new OggVorbisDecoder();
  }
  const { OggOpusDecoder } = await import('ogg-opus-decoder');
  return new OggOpusDecoder();
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
  const decoder = await createDecoder(codec);
  await decoder.ready;
  const out = new WasmOutput(sink);
  try {
    for await (const chunk of readChunks(filePath, options.chunkBytes, options.signal)) {
      out.take(await decoder.decode(chunk));
    }
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
