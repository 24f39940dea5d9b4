// Assembles the beat3tower JSON of one track as the generator's extractor (release
// 3.2.0) does: the full track analysed as one signal, and its first, middle and last
// 30 seconds each analysed as a signal of its own (beats, floors and tempo found
// again in the slice, from the whole track's frames: segment-frames.ts); tracks of
// 60 s or less reuse the full values. Numbers are
// rounded to 6 significant digits; a non-finite value anywhere is a bug, and fails
// the track instead of being written.
import { HOP, N_FFT, SAMPLE_RATE, SEGMENT_SECONDS } from './constants';
import { estimateKey } from './key';
import type { Beat3towerFeatures, Beat3towerSegment, SonicSource } from './layout';
import type { SignalMeta, SignalResult } from './signal-features';

/** Which extractor's definitions the values follow (metadata.compatible_with). */
export const COMPATIBLE_WITH = 'beat3tower 3.2.0';

const KEY_NAMES = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'];

export interface TrackFeatures {
  features: Beat3towerFeatures;
  sonicSource: SonicSource;
  durationSeconds: number;
  /** Primary BPM and key of the full track, for logs and tests; no key for silence. */
  bpm: number;
  key: string | null;
}

function roundDeep<T>(value: T, path: string): T {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`analysis produced a non-finite value at ${path}`);
    return (value === 0 ? 0 : Number(value.toPrecision(6))) as T;
  }
  if (Array.isArray(value)) return value.map((v, i) => roundDeep(v, `${path}[${i}]`)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = roundDeep(v, `${path}.${k}`);
    return out as T;
  }
  return value;
}

/** Sample ranges [start, end) of the start, mid and end slices, as the generator cuts them. */
export function segmentRanges(samples: number): {
  start: [number, number];
  mid: [number, number];
  end: [number, number];
} {
  const len = Math.trunc(SEGMENT_SECONDS * SAMPLE_RATE);
  const duration = samples / SAMPLE_RATE;
  const midStart = Math.max(0, Math.trunc((duration / 2 - SEGMENT_SECONDS / 2) * SAMPLE_RATE));
  return {
    start: [0, Math.min(len, samples)],
    mid: [midStart, Math.min(samples, midStart + len)],
    end: [Math.max(0, samples - len), samples],
  };
}

export interface SourceInfo {
  format: string;
  sampleRate: number;
  channels: number;
}

/**
 * `full` is the whole track's analysis (done while decoding); `segment(a, b)` analyses
 * the slice of samples [a, b) as a signal of its own.
 */
export function buildTrackFeatures(
  full: SignalResult,
  sampleCount: number,
  segment: (from: number, to: number) => SignalResult,
  source: SourceInfo,
): TrackFeatures {
  const duration = sampleCount / SAMPLE_RATE;
  let parts: Record<'start' | 'mid' | 'end', SignalResult>;
  if (duration <= 2 * SEGMENT_SECONDS) {
    parts = { start: full, mid: full, end: full };
  } else {
    const r = segmentRanges(sampleCount);
    parts = {
      start: segment(...r.start),
      mid: segment(...r.mid),
      end: segment(...r.end),
    };
  }
  const m = full.meta;
  const silent = m.silence_flag;
  const keyEstimate = silent ? null : estimateKey(full.chromaMean);
  const key = keyEstimate ? `${KEY_NAMES[keyEstimate.tonic]} ${keyEstimate.mode}` : null;
  const segments: Record<string, SignalMeta> = {
    full: m,
    start: parts.start.meta,
    mid: parts.mid.meta,
    end: parts.end.meta,
  };
  const metadata = {
    extraction_method: 'beat3tower' as const,
    duration,
    sample_rate: SAMPLE_RATE,
    n_beats_full: full.segment.n_beats,
    beat_mode: m.beat_mode,
    beat_count: m.beat_count,
    tempo_source: m.tempo_source,
    timegrid_period_sec: m.timegrid_period_sec,
    silence_flag: m.silence_flag,
    sonic_source: m.sonic_source,
    segments,
    compatible_with: COMPATIBLE_WITH,
    hop_length: HOP,
    n_fft: N_FFT,
    ...(key ? { key } : {}),
    ...(full.backbeatBpm !== null ? { backbeat_bpm: full.backbeatBpm } : {}),
    source_format: source.format,
    source_sample_rate: source.sampleRate,
    source_channels: source.channels,
    analyzer: 'backbeat',
  };
  const seg = (r: SignalResult): Beat3towerSegment => r.segment;
  const features: Beat3towerFeatures = roundDeep(
    { full: seg(full), start: seg(parts.start), mid: seg(parts.mid), end: seg(parts.end), metadata },
    'features',
  );
  return {
    features,
    sonicSource: m.sonic_source,
    durationSeconds: duration,
    bpm: features.full.bpm_info.primary_bpm,
    key,
  };
}
