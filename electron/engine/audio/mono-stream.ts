// Decodes a file straight to mono at the analysis rate: decoder -> downmix ->
// resampler -> consumer, block by block, so memory stays bounded on long files and
// results do not depend on the file's rate or channel layout.
import { AudioFileError } from './audio-error';
import { decodeAudioFile } from './decode-file';
import type { DecodeOptions, DecodeReport } from './pcm';
import { Resampler } from './resampler';

/** Receives the mono samples in order; they are valid only during the call (copy to keep). */
export type MonoConsumer = (samples: Float32Array) => void;

export async function decodeToMono(
  filePath: string,
  targetRate: number,
  consume: MonoConsumer,
  options: DecodeOptions = {},
): Promise<DecodeReport> {
  let resampler: Resampler | null = null;
  let rate = 0;
  const report = await decodeAudioFile(
    filePath,
    (block) => {
      if (!resampler) {
        rate = block.sampleRate;
        resampler = new Resampler(rate, targetRate);
      } else if (block.sampleRate !== rate) {
        throw new AudioFileError(`sample rate changes within the file (${rate} -> ${block.sampleRate} Hz)`);
      }
      const out = resampler.pushChannels(block.channels);
      if (out.length > 0) consume(out);
    },
    options,
  );
  const rs = resampler as Resampler | null;
  if (rs) {
    const tail = rs.flush();
    if (tail.length > 0) consume(tail);
  }
  return report;
}
