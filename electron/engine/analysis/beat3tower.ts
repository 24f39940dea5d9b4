// Assembles the beat3tower JSON of one track from its analysed frames: the full
// track and its first, middle and last 30 seconds (tracks of 60 s or less reuse the
// full values), plus metadata. Numbers are rounded to 6 significant digits; a
// non-finite value anywhere is a bug, and fails the track instead of being written.
import { FRAMES_PER_SECOND, HOP, N_FFT, SAMPLE_RATE, SEGMENT_SECONDS } from './constants';
import type { FrameTable } from './frame-columns';
import type { BeatSource } from './beats';
import { mfccDeltas } from './deltas';
import type { Beat3towerFeatures, Beat3towerSegment, SonicSource } from './layout';
import { computeSegment, type SegmentResult } from './segment-features';

const SONIC_SOURCE: Record<BeatSource, SonicSource> = {
  beats: 'beat3tower_beats',
  tempo_grid: 'beat3tower_timegrid',
  fixed_grid: 'beat3tower_timegrid',
  frames: 'beat3tower_stats',
};

const KEY_NAMES = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'];

export interface TrackFeatures {
  features: Beat3towerFeatures;
  sonicSource: SonicSource;
  durationSeconds: number;
  /** Primary BPM and key of the full track, for logs and tests. */
  bpm: number;
  key: string;
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

/** Frame ranges of the start, middle and end segments. */
export function segmentRanges(nFrames: number): {
  start: [number, number];
  mid: [number, number];
  end: [number, number];
} {
  const len = Math.min(nFrames, Math.round(SEGMENT_SECONDS * FRAMES_PER_SECOND));
  const midStart = Math.max(0, Math.floor((nFrames - len) / 2));
  return { start: [0, len], mid: [midStart, midStart + len], end: [nFrames - len, nFrames] };
}

export interface SourceInfo {
  format: string;
  sampleRate: number;
  channels: number;
}

export function buildTrackFeatures(
  frames: FrameTable,
  sampleCount: number,
  source: SourceInfo,
): TrackFeatures {
  const duration = sampleCount / SAMPLE_RATE;
  const deltas = mfccDeltas(frames);
  const full = computeSegment(frames, deltas, 0, frames.length);
  let parts: { start: Beat3towerSegment; mid: Beat3towerSegment; end: Beat3towerSegment };
  if (duration <= 2 * SEGMENT_SECONDS) {
    parts = { start: full.segment, mid: full.segment, end: full.segment };
  } else {
    const r = segmentRanges(frames.length);
    const seg = (range: [number, number]): Beat3towerSegment =>
      computeSegment(frames, deltas, range[0], range[1]).segment;
    parts = { start: seg(r.start), mid: seg(r.mid), end: seg(r.end) };
  }
  const key = `${KEY_NAMES[full.key.tonic]} ${full.key.mode}`;
  const features: Beat3towerFeatures = roundDeep(
    {
      full: full.segment,
      ...parts,
      metadata: {
        extraction_method: 'beat3tower',
        duration,
        sample_rate: SAMPLE_RATE,
        n_beats_full: full.segment.n_beats,
        hop_length: HOP,
        n_fft: N_FFT,
        beat_source: full.beats.source,
        sonic_source: SONIC_SOURCE[full.beats.source],
        key,
        source_format: source.format,
        source_sample_rate: source.sampleRate,
        source_channels: source.channels,
        analyzer: 'backbeat',
      },
    },
    'features',
  );
  return {
    features,
    sonicSource: SONIC_SOURCE[full.beats.source],
    durationSeconds: duration,
    bpm: features.full.bpm_info.primary_bpm,
    key,
  };
}

export type { SegmentResult };
