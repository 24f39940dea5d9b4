// One track, file to features: decode -> mono 22,050 Hz (streamed) -> the whole
// track analysed frame by frame as it arrives, its samples kept in blocks for the
// constant-Q chroma (which needs the whole track's tuning first) and for the start,
// mid and end slices, which are analysed on their own afterwards. A track too long
// to keep is decoded twice instead (see KEEP_SAMPLES).
import { decodeToMono } from '../audio/mono-stream';
import type { DecodeOptions } from '../audio/pcm';
import { SAMPLE_RATE } from './constants';
import { AudioFileError } from '../audio/audio-error';
import { buildTrackFeatures, segmentRanges, type TrackFeatures } from './beat3tower';
import { ChromaCqtStream, type ChromaCqt } from './cqt-chroma';
import { FrameAnalyzer } from './frame-analyzer';
import { RangeCollector, samplesOf, SampleStore } from './sample-store';
import { signalFeatures } from './signal-features';

/**
 * File bytes per decoder call. The wasm decoders hand back (and grow their memory
 * for) everything one call decodes: 256 KB of a 64 kbit/s Vorbis file is 30 s of
 * stereo floats, 11 MB a call. 32 KB keeps that near 1.4 MB and measured about 50 MB
 * less peak memory on a 29-minute track, the samples bit for bit the same.
 */
const ANALYSIS_CHUNK_BYTES = 32 * 1024;

/**
 * Samples kept in memory for the chroma (15 minutes: 80 MB). A longer track is
 * decoded a second time instead, for its chroma and its slices: its memory then
 * stays that of its frame rows however long it is, for one more decode's CPU time.
 */
export const KEEP_SAMPLES = 15 * 60 * SAMPLE_RATE;

export async function analyseAudioFile(
  filePath: string,
  options: DecodeOptions = {},
  keepSamples = KEEP_SAMPLES,
): Promise<TrackFeatures> {
  const decodeOptions = { chunkBytes: ANALYSIS_CHUNK_BYTES, ...options };
  const analyzer = new FrameAnalyzer();
  let store: SampleStore | null = new SampleStore();
  const report = await decodeToMono(
    filePath,
    SAMPLE_RATE,
    (samples) => {
      analyzer.push(samples);
      if (!store) return;
      store.add(samples);
      if (store.length > keepSamples) store = null;
    },
    decodeOptions,
  );
  const source = { format: report.format, sampleRate: report.sampleRate, channels: report.channels };
  const frames = analyzer.finish();
  const tuning = analyzer.tuning.estimate();
  const kept = store as SampleStore | null;
  if (kept) {
    const full = signalFeatures(frames, kept, tuning);
    return buildTrackFeatures(full, kept.length, (a, b) => kept.slice(a, b), source);
  }
  const length = analyzer.sampleCount;
  const again = await decodeAgain(filePath, length, tuning, decodeOptions);
  const full = signalFeatures(frames, { length, chroma: () => again.chroma }, tuning);
  return buildTrackFeatures(full, length, again.slice, source);
}

/** The second decode of a long track: its chroma at the known tuning, and its start, mid and end slices. */
async function decodeAgain(
  filePath: string,
  length: number,
  tuning: number,
  options: DecodeOptions,
): Promise<{ chroma: ChromaCqt; slice: (from: number, to: number) => Float32Array }> {
  const r = segmentRanges(length);
  const ranges = [r.start, r.mid, r.end];
  const collector = new RangeCollector(ranges);
  const stream = new ChromaCqtStream(tuning);
  await decodeToMono(
    filePath,
    SAMPLE_RATE,
    (samples) => {
      stream.push(samples);
      collector.add(samples);
    },
    options,
  );
  if (collector.length !== length)
    throw new AudioFileError(
      `the file decoded to ${collector.length} samples the second time, ${length} the first`,
    );
  const slice = (from: number, to: number): Float32Array => {
    const i = ranges.findIndex(([a, b]) => a === from && b === to);
    if (i < 0) throw new Error(`no slice ${from}..${to} was kept`);
    return collector.slices[i]!;
  };
  return { chroma: stream.finish(), slice };
}

/** The same analysis on samples already in memory at 22,050 Hz (tests, synthesized audio). */
export function analyseSamples(samples: Float32Array): TrackFeatures {
  const analyzer = new FrameAnalyzer();
  analyzer.push(samples);
  const full = signalFeatures(analyzer.finish(), samplesOf(samples), analyzer.tuning.estimate());
  return buildTrackFeatures(full, samples.length, (a, b) => samples.subarray(a, b), {
    format: 'pcm',
    sampleRate: SAMPLE_RATE,
    channels: 1,
  });
}
