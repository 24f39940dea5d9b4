// One track, file to features: decode -> mono 22,050 Hz (streamed) -> the whole
// track analysed frame by frame as it arrives, its samples kept in blocks for the
// start, mid and end slices, which are analysed on their own afterwards.
import { decodeToMono } from '../audio/mono-stream';
import type { DecodeOptions } from '../audio/pcm';
import { SAMPLE_RATE } from './constants';
import { buildTrackFeatures, type TrackFeatures } from './beat3tower';
import { FrameAnalyzer } from './frame-analyzer';
import { signalFeatures } from './signal-features';

/** The decoded samples in the blocks they came in (no doubling copies on long files). */
class SampleStore {
  private readonly blocks: Float32Array[] = [];
  private readonly starts: number[] = [];
  length = 0;

  add(samples: Float32Array): void {
    this.blocks.push(samples.slice());
    this.starts.push(this.length);
    this.length += samples.length;
  }

  /** All samples in one array; the blocks are released. */
  concat(): Float32Array {
    const out = new Float32Array(this.length);
    for (let i = 0; i < this.blocks.length; i++) out.set(this.blocks[i]!, this.starts[i]!);
    this.blocks.length = 0;
    return out;
  }
}

export async function analyseAudioFile(
  filePath: string,
  options: DecodeOptions = {},
): Promise<TrackFeatures> {
  const analyzer = new FrameAnalyzer();
  const store = new SampleStore();
  const report = await decodeToMono(
    filePath,
    SAMPLE_RATE,
    (samples) => {
      analyzer.push(samples);
      store.add(samples);
    },
    options,
  );
  const frames = analyzer.finish();
  const y = store.concat();
  const full = signalFeatures(frames, y, analyzer.tuning.estimate());
  return buildTrackFeatures(full, y.length, (a, b) => y.subarray(a, b), {
    format: report.format,
    sampleRate: report.sampleRate,
    channels: report.channels,
  });
}

/** The same analysis on samples already in memory at 22,050 Hz (tests, synthesized audio). */
export function analyseSamples(samples: Float32Array): TrackFeatures {
  const analyzer = new FrameAnalyzer();
  analyzer.push(samples);
  const full = signalFeatures(analyzer.finish(), samples, analyzer.tuning.estimate());
  return buildTrackFeatures(full, samples.length, (a, b) => samples.subarray(a, b), {
    format: 'pcm',
    sampleRate: SAMPLE_RATE,
    channels: 1,
  });
}
