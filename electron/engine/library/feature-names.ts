// The 137 named values of a beat3tower segment, in the generator's order: rhythm (21),
// then timbre (83), then harmony (33). See shared/reference/library-format.md.
// The demo generator writes exactly these; the rescan reuses them to build segments.

/** One named entry of a segment group: a scalar, or an array of `length` numbers. */
export interface FeatureField {
  readonly name: string;
  /** null for a scalar, otherwise the number of values in the array. */
  readonly length: number | null;
}

export type FeatureGroupName = 'rhythm' | 'timbre' | 'harmony';

function scalars(...names: string[]): FeatureField[] {
  return names.map((name) => ({ name, length: null }));
}

function array(name: string, length: number): FeatureField {
  return { name, length };
}

export const RHYTHM_FIELDS: readonly FeatureField[] = scalars(
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
);

export const TIMBRE_FIELDS: readonly FeatureField[] = [
  array('mfcc_median', 20),
  array('mfcc_iqr', 20),
  array('mfcc_delta_median', 20),
  array('spec_contrast_median', 7),
  array('spec_contrast_iqr', 7),
  ...scalars(
    'spec_rolloff_median',
    'spec_rolloff_iqr',
    'spec_centroid_median',
    'spec_centroid_iqr',
    'spec_bandwidth_median',
    'spec_bandwidth_iqr',
    'spec_flux_median',
    'spec_flux_iqr',
    'zcr_median',
  ),
];

export const HARMONY_FIELDS: readonly FeatureField[] = [
  array('chroma_median', 12),
  array('chroma_iqr', 12),
  ...scalars('chroma_entropy', 'chroma_peak_count', 'key_strength'),
  array('tonnetz_median', 6),
];

/** The three groups in vector order. */
export const FEATURE_GROUPS: readonly {
  readonly group: FeatureGroupName;
  readonly fields: readonly FeatureField[];
}[] = [
  { group: 'rhythm', fields: RHYTHM_FIELDS },
  { group: 'timbre', fields: TIMBRE_FIELDS },
  { group: 'harmony', fields: HARMONY_FIELDS },
];

/** How many numbers a list of fields holds (arrays count their length). */
export function valueCount(fields: readonly FeatureField[]): number {
  return fields.reduce((n, f) => n + (f.length ?? 1), 0);
}

export const FEATURE_VECTOR_LENGTH = 137;

/** One name per vector position, e.g. `rhythm.bpm`, `timbre.mfcc_median[3]`. */
export const FEATURE_VECTOR_NAMES: readonly string[] = FEATURE_GROUPS.flatMap(({ group, fields }) =>
  fields.flatMap((f) =>
    f.length === null
      ? [`${group}.${f.name}`]
      : Array.from({ length: f.length }, (_, i) => `${group}.${f.name}[${i}]`),
  ),
);

type JsonObject = Record<string, unknown>;

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Flattens one parsed segment into its 137 numbers in order, or null when a group,
 * a name or an array element is missing or not a finite number.
 */
export function segmentVector(segment: unknown): number[] | null {
  if (!isObject(segment)) return null;
  const out: number[] = [];
  for (const { group, fields } of FEATURE_GROUPS) {
    const values = segment[group];
    if (!isObject(values)) return null;
    for (const field of fields) {
      const v = values[field.name];
      if (field.length === null) {
        if (typeof v !== 'number' || !Number.isFinite(v)) return null;
        out.push(v);
        continue;
      }
      if (!Array.isArray(v) || v.length !== field.length) return null;
      for (const x of v) {
        if (typeof x !== 'number' || !Number.isFinite(x)) return null;
        out.push(x);
      }
    }
  }
  return out;
}
