// The beat3tower SEGMENT layout of library-format.md: names, order and sizes of the
// 137 numbers (rhythm 21, timbre 83, harmony 33). Arrays are named arrays in the
// JSON, size-1 entries plain numbers.

export const RHYTHM_NAMES = [
  'onset_median',
  'onset_iqr',
  'onset_std',
  'onset_p10',
  'onset_p90',
  'tempo_peak1_lag',
  'tempo_peak2_lag',
  'tempo_peak_ratio',
  'tempo_acf_lag1',
  'tempo_acf_lag2',
  'tempo_acf_lag3',
  'tempo_acf_lag4',
  'tempo_acf_lag5',
  'beat_interval_cv',
  'beat_interval_median',
  'beat_strength_median',
  'beat_strength_iqr',
  'onset_rate',
  'rhythm_entropy',
  'bpm',
  'tempo_stability',
] as const;

export const TIMBRE_LAYOUT = [
  ['mfcc_median', 20],
  ['mfcc_iqr', 20],
  ['mfcc_delta_median', 20],
  ['spec_contrast_median', 7],
  ['spec_contrast_iqr', 7],
  ['spec_rolloff_median', 1],
  ['spec_rolloff_iqr', 1],
  ['spec_centroid_median', 1],
  ['spec_centroid_iqr', 1],
  ['spec_bandwidth_median', 1],
  ['spec_bandwidth_iqr', 1],
  ['spec_flux_median', 1],
  ['spec_flux_iqr', 1],
  ['zcr_median', 1],
] as const;

export const HARMONY_LAYOUT = [
  ['chroma_median', 12],
  ['chroma_iqr', 12],
  ['chroma_entropy', 1],
  ['chroma_peak_count', 1],
  ['key_strength', 1],
  ['tonnetz_median', 6],
] as const;

export type RhythmName = (typeof RHYTHM_NAMES)[number];
type TimbreName = (typeof TIMBRE_LAYOUT)[number][0];
type HarmonyName = (typeof HARMONY_LAYOUT)[number][0];
type ArrayOrScalar<L extends readonly (readonly [string, number])[], K extends string> = {
  [E in L[number] as E[0] & K]: E[1] extends 1 ? number : number[];
};

export type RhythmFeatures = Record<RhythmName, number>;
export type TimbreFeatures = ArrayOrScalar<typeof TIMBRE_LAYOUT, TimbreName>;
export type HarmonyFeatures = ArrayOrScalar<typeof HARMONY_LAYOUT, HarmonyName>;

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
  rhythm: RhythmFeatures;
  timbre: TimbreFeatures;
  harmony: HarmonyFeatures;
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

export const FEATURE_COUNT = 137;

/** Builds a named group from a flat vector in layout order. */
export function groupFromVector<T>(layout: readonly (readonly [string, number])[], values: number[]): T {
  const out: Record<string, number | number[]> = {};
  let at = 0;
  for (const [name, size] of layout) {
    out[name] = size === 1 ? values[at]! : values.slice(at, at + size);
    at += size;
  }
  if (at !== values.length) throw new Error(`layout expects ${at} values, got ${values.length}`);
  return out as T;
}

/** The 137 numbers of a segment in the reference order: rhythm, timbre, harmony. */
export function flattenSegment(seg: Beat3towerSegment): number[] {
  const out: number[] = RHYTHM_NAMES.map((n) => seg.rhythm[n]);
  for (const [group, layout] of [
    [seg.timbre, TIMBRE_LAYOUT],
    [seg.harmony, HARMONY_LAYOUT],
  ] as const) {
    const g = group as unknown as Record<string, number | number[]>;
    for (const [name] of layout) {
      const v = g[name]!;
      if (Array.isArray(v)) out.push(...v);
      else out.push(v);
    }
  }
  return out;
}

/** The 137 names in order, arrays expanded as name[i]. */
export function featureNames(): string[] {
  const names: string[] = [...RHYTHM_NAMES];
  for (const layout of [TIMBRE_LAYOUT, HARMONY_LAYOUT]) {
    for (const [name, size] of layout) {
      if (size === 1) names.push(name);
      else for (let i = 0; i < size; i++) names.push(`${name}[${i}]`);
    }
  }
  return names;
}
