// Decodes a WAV file by streaming it through WavStreamParser.
import { readChunks } from './read-chunks';
import type { DecodeOptions, DecodeReport, PcmSink } from './pcm';
import { WavStreamParser } from './wav-parser';

export async function decodeWavFile(
  filePath: string,
  sink: PcmSink,
  options: DecodeOptions = {},
): Promise<DecodeReport> {
  const parser = new WavStreamParser(sink);
  for await (const chunk of readChunks(filePath, options.chunkBytes, options.signal)) parser.push(chunk);
  parser.finish();
  const fmt = parser.format!;
  return {
    format: 'wav',
    sampleRate: fmt.sampleRate,
    channels: fmt.channels,
    frames: parser.framesDecoded,
    declaredFrames: parser.declaredFrames,
    toleranceFrames: 0,
  };
}
