// One track, file to features: decode -> mono 22,050 Hz (streamed) -> the whole
// track analysed frame by frame as it arrives, its samples kept in blocks for the
// constant-Q chroma (which needs the whole track's tuning first) and for the mid and
// end slices; the start, mid and end segments then reuse what the whole track's
// analysis computed (segment-frames.ts). A track too long to keep is decoded twice
// instead (see KEEP_SAMPLES).
import { decodeToMono } from '../audio/mono-stream';
import type { DecodeOptions } from '../audio/pcm';
import { SAMPLE_RATE } from './constants';
import { AudioFileError } from '../audio/audio-error';
import { buildTrackFeatures, segmentRanges, type SourceInfo, type TrackFeatures } from './beat3tower';
import { ChromaCqtStream, type ChromaCqt } from './cqt-chroma';
import { FrameAnalyzer } from './frame-analyzer';
import { RangeCollector, samplesOf, SampleStore } from './sample-store';
import { once, segmentFeatures } from './segment-frames';
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

/** The whole track's analysis and its segments', once its frames are done and its chroma can be had. */
function trackFeatures(
  analyzer: FrameAnalyzer,
  tuning: number,
  chromaOf: (tuning: number) => ChromaCqt,
  slice: (from: number, to: number) => Float32Array,
  source: SourceInfo,
): TrackFeatures {
  const frames = analyzer.finish();
  const length = analyzer.sampleCount;
  const chroma = once(() => chromaOf(tuning));
  const full = signalFeatures(frames, { length, chroma }, tuning);
  const tuningOf = (from: number, count: number): number => analyzer.tuning.estimate(from, from + count);
  const track = { frames, mel: analyzer.mel, tuning, tuningOf, chroma };
  return buildTrackFeatures(full, length, (a, b) => segmentFeatures(track, a, b, () => slice(a, b)), source);
}

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
  analyzer.finish();
  const tuning = analyzer.tuning.estimate();
  const kept = store as SampleStore | null;
  if (kept)
    return trackFeatures(
      analyzer,
      tuning,
      (t) => kept.chroma(t),
      (a, b) => kept.slice(a, b),
      source,
    );
  // The chroma needs the tuning, known only now: a second decode computes it.
  const again = await decodeAgain(filePath, analyzer.sampleCount, tuning, decodeOptions);
  return trackFeatures(analyzer, tuning, () => again.chroma, again.slice, source);
}

/** The second decode of a long track: its chroma at the known tuning, and its mid and end slices. */
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
  analyzer.finish();
  const whole = samplesOf(samples);
  return trackFeatures(
    analyzer,
    analyzer.tuning.estimate(),
    (t) => whole.chroma(t),
    (a, b) => samples.subarray(a, b),
    { format: 'pcm', sampleRate: SAMPLE_RATE, channels: 1 },
  );
}
