// MP3 (MPEG layers I-III) through mpg123-decoder with gapless decoding on: it reads
// the LAME tag and trims the encoder delay and padding, so sample 0 of the output
// is sample 0 of what was encoded.
import { readChunks, readHead } from './read-chunks';
import type { DecodeOptions, DecodeReport, PcmSink } from './pcm';
import { declaredMp3Samples, parseMp3Info } from './mp3-info';
import { fastMp3Decoder } from './mp3-wasm';
import { WasmOutput } from './wasm-result';

export async function decodeMp3File(
  filePath: string,
  sink: PcmSink,
  options: DecodeOptions,
  startOffset: number,
): Promise<DecodeReport> {
  const head = await readHead(filePath, startOffset + 2048);
  const info = parseMp3Info(head.subarray(startOffset));
  const { MPEGDecoder } = await import('mpg123-decoder');
  const decoder = new MPEGDecoder({ enableGapless: true });
  await decoder.ready;
  // The package's decoder without its copies (mp3-wasm.ts), when its shape is the one known.
  const fast = fastMp3Decoder(decoder);
  const out = new WasmOutput(sink);
  try {
    for await (const chunk of readChunks(filePath, options.chunkBytes, options.signal)) {
      out.take(fast ? fast.decode(chunk) : decoder.decode(chunk));
    }
  } finally {
    decoder.free();
  }
  return {
    format: 'mp3',
    sampleRate: out.sampleRate || info?.sampleRate || 0,
    channels: out.channels || info?.channels || 0,
    frames: out.frames,
    declaredFrames: info ? declaredMp3Samples(info) : null,
    // One frame: decoders differ on whether a final partial frame is emitted.
    toleranceFrames: info?.samplesPerFrame ?? 1152,
    problems: out.problems,
  };
}
