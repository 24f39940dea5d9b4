// One track, file to features: decode -> mono 22,050 Hz -> frame analysis (all
// streamed) -> beats, segments and the beat3tower JSON.
import { decodeToMono } from '../audio/mono-stream';
import type { DecodeOptions } from '../audio/pcm';
import { SAMPLE_RATE } from './constants';
import { buildTrackFeatures, type TrackFeatures } from './beat3tower';
import { FrameAnalyzer } from './frame-analyzer';

export async function analyseAudioFile(
  filePath: string,
  options: DecodeOptions = {},
): Promise<TrackFeatures> {
  const analyzer = new FrameAnalyzer();
  const report = await decodeToMono(filePath, SAMPLE_RATE, (samples) => analyzer.push(samples), options);
  const frames = analyzer.finish();
  return buildTrackFeatures(frames, analyzer.sampleCount, {
    format: report.format,
    sampleRate: report.sampleRate,
    channels: report.channels,
  });
}

/** The same analysis on samples already in memory at 22,050 Hz (tests, synthesized audio). */
export function analyseSamples(samples: Float32Array): TrackFeatures {
  const analyzer = new FrameAnalyzer();
  analyzer.push(samples);
  const frames = analyzer.finish();
  return buildTrackFeatures(frames, samples.length, { format: 'pcm', sampleRate: SAMPLE_RATE, channels: 1 });
}
