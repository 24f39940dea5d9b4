// Types of the beat3tower JSON (library-format.md), and how a segment's groups are
// built from flat value lists. The names, order and sizes of the 137 values come
// from ../feature-names.ts, shared with the demo generator and the restore preview.
import {
  HARMONY_FIELDS,
  RHYTHM_FIELDS,
  TIMBRE_FIELDS,
  valueCount,
  type FeatureField,
} from '../library/feature-names';

export { HARMONY_FIELDS, RHYTHM_FIELDS, TIMBRE_FIELDS };

/** A group as written: named scalars and named arrays. */
export type FeatureGroup = Record<string, number | number[]>;

export interface BpmInfo {
  primary_bpm: number;
  half_tempo_likely: boolean;
  double_tempo_likely: boolean;
  tempo_stability: number;
}

export interface Beat3towerSegment {
  extraction_method: 'beat3tower';
  n_beats: number;
  bpm_info: BpmInfo;
  rhythm: Record<string, number>;
  timbre: FeatureGroup;
  harmony: FeatureGroup;
}

export type SonicSource = 'beat3tower_beats' | 'beat3tower_timegrid' | 'beat3tower_stats';

export interface Beat3towerMetadata {
  extraction_method: 'beat3tower';
  duration: number;
  sample_rate: number;
  n_beats_full: number;
  [extra: string]: unknown;
}

export interface Beat3towerFeatures {
  full: Beat3towerSegment;
  start: Beat3towerSegment;
  mid: Beat3towerSegment;
  end: Beat3towerSegment;
  metadata: Beat3towerMetadata;
}

/** Builds a group from a flat list in field order; throws when the count is wrong (a bug). */
export function groupFromValues(fields: readonly FeatureField[], values: number[]): FeatureGroup {
  if (values.length !== valueCount(fields)) {
    throw new Error(`feature group expects ${valueCount(fields)} values, got ${values.length}`);
  }
  const out: FeatureGroup = {};
  let at = 0;
  for (const f of fields) {
    out[f.name] = f.length === null ? values[at]! : values.slice(at, at + f.length);
    at += f.length ?? 1;
  }
  return out;
}

/** The rhythm group from named values, in field order; a missing name is a bug. */
export function rhythmFromNamed(values: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of RHYTHM_FIELDS) {
    const v = values[f.name];
    if (v === undefined) throw new Error(`rhythm value ${f.name} was not computed`);
    out[f.name] = v;
  }
  return out;
}
