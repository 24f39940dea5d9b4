// Plausible `sonic_features` JSON for the demo library: beat3tower documents with all
// 137 named values per segment (names and order from feature-names.ts), and older
// "legacy" documents. Written as text directly (no JSON.stringify of objects) because
// the benchmark generates hundreds of thousands of ~5 KB documents.
import { FEATURE_GROUPS, type FeatureField, type FeatureGroupName } from '../library/feature-names';
import type { SeededRandom } from './demo-random';

/** Values are drawn in [lo, hi) and written with `decimals` digits after the point. */
interface ValueRange {
  lo: number;
  hi: number;
  decimals: number;
}

// ---- numbers as text -------------------------------------------------------------

/** The text of n / 10^decimals the way Python prints floats (at least one decimal). */
export function formatScaled(n: number, decimals: number): string {
  if (decimals === 0) return String(n);
  const sign = n < 0 ? '-' : '';
  const abs = Math.abs(n);
  const scale = 10 ** decimals;
  const whole = Math.floor(abs / scale);
  const frac = String(abs % scale)
    .padStart(decimals, '0')
    .replace(/0+$/, '');
  return `${sign}${whole}.${frac === '' ? '0' : frac}`;
}

/** Rounds to `decimals` and returns its text (for the few values outside the tables below). */
export function numberText(value: number, decimals: number): string {
  return formatScaled(Math.round(value * 10 ** decimals), decimals);
}

// ---- the 137 value ranges --------------------------------------------------------

const RHYTHM_RANGES: Record<string, ValueRange> = {
  onset_median: { lo: 0.4, hi: 1.8, decimals: 3 },
  onset_iqr: { lo: 0.3, hi: 1.5, decimals: 3 },
  onset_std: { lo: 0.5, hi: 2.2, decimals: 3 },
  onset_p10: { lo: 0.05, hi: 0.4, decimals: 3 },
  onset_p90: { lo: 1.5, hi: 4.5, decimals: 3 },
  tempo_peak1_lag: { lo: 18, hi: 60, decimals: 0 },
  tempo_peak2_lag: { lo: 36, hi: 120, decimals: 0 },
  tempo_peak_ratio: { lo: 0.2, hi: 1, decimals: 3 },
  tempo_acf_lag1: { lo: 0.5, hi: 0.95, decimals: 3 },
  tempo_acf_lag2: { lo: 0.35, hi: 0.85, decimals: 3 },
  tempo_acf_lag3: { lo: 0.2, hi: 0.75, decimals: 3 },
  tempo_acf_lag4: { lo: 0.1, hi: 0.65, decimals: 3 },
  tempo_acf_lag5: { lo: 0.05, hi: 0.55, decimals: 3 },
  beat_interval_cv: { lo: 0.01, hi: 0.2, decimals: 3 },
  beat_interval_median: { lo: 0.35, hi: 0.9, decimals: 3 },
  beat_strength_median: { lo: 0.6, hi: 3, decimals: 3 },
  beat_strength_iqr: { lo: 0.2, hi: 1.5, decimals: 3 },
  onset_rate: { lo: 1.5, hi: 6, decimals: 2 },
  rhythm_entropy: { lo: 2, hi: 4.8, decimals: 3 },
  bpm: { lo: 70, hi: 170, decimals: 1 },
  tempo_stability: { lo: 0.5, hi: 0.99, decimals: 3 },
};

const TIMBRE_SCALAR_RANGES: Record<string, ValueRange> = {
  spec_rolloff_median: { lo: 2000, hi: 8500, decimals: 0 },
  spec_rolloff_iqr: { lo: 500, hi: 3000, decimals: 0 },
  spec_centroid_median: { lo: 900, hi: 4200, decimals: 0 },
  spec_centroid_iqr: { lo: 300, hi: 1500, decimals: 0 },
  spec_bandwidth_median: { lo: 1400, hi: 3600, decimals: 0 },
  spec_bandwidth_iqr: { lo: 200, hi: 1200, decimals: 0 },
  spec_flux_median: { lo: 0.3, hi: 2.5, decimals: 3 },
  spec_flux_iqr: { lo: 0.2, hi: 1.8, decimals: 3 },
  zcr_median: { lo: 0.02, hi: 0.16, decimals: 4 },
};

const HARMONY_SCALAR_RANGES: Record<string, ValueRange> = {
  chroma_entropy: { lo: 2.6, hi: 3.55, decimals: 3 },
  chroma_peak_count: { lo: 1, hi: 6.99, decimals: 0 },
  key_strength: { lo: 0.25, hi: 0.95, decimals: 3 },
};

/** Ranges for array elements; MFCC magnitudes fall with the coefficient index like real ones. */
function arrayElementRange(name: string, k: number): ValueRange {
  switch (name) {
    case 'mfcc_median':
      if (k === 0) return { lo: -420, hi: -120, decimals: 1 };
      if (k === 1) return { lo: 40, hi: 160, decimals: 1 };
      return { lo: -50 / Math.sqrt(k), hi: 50 / Math.sqrt(k), decimals: 1 };
    case 'mfcc_iqr':
      return { lo: 4, hi: 5 + 60 / Math.sqrt(k + 1), decimals: 1 };
    case 'mfcc_delta_median':
      return { lo: -0.5, hi: 0.5, decimals: 3 };
    case 'spec_contrast_median':
      return { lo: 12, hi: 45, decimals: 1 };
    case 'spec_contrast_iqr':
      return { lo: 2, hi: 10, decimals: 2 };
    case 'chroma_median':
      return { lo: 0.05, hi: 0.9, decimals: 3 };
    case 'chroma_iqr':
      return { lo: 0.05, hi: 0.45, decimals: 3 };
    case 'tonnetz_median':
      return { lo: -0.25, hi: 0.25, decimals: 3 };
    default:
      throw new Error(`No demo range for ${name}`);
  }
}

function scalarRange(group: FeatureGroupName, name: string): ValueRange {
  const table =
    group === 'rhythm' ? RHYTHM_RANGES : group === 'timbre' ? TIMBRE_SCALAR_RANGES : HARMONY_SCALAR_RANGES;
  const range = table[name];
  if (!range) throw new Error(`No demo range for ${group}.${name}`);
  return range;
}

/** Window values may stray this share of a range beyond it; the text tables cover that margin. */
const MARGIN = 0.1;

/**
 * The segment body laid out once. For each of the 137 positions: its range and a table of
 * ready-made texts "<JSON before the value><value>" for every value it can take at its
 * precision, so writing a segment is 137 look-ups and concatenations.
 */
interface SegmentLayout {
  ranges: ValueRange[];
  /** pieces[i][n - minScaled[i]]: the text for value n / scales[i] at position i. */
  pieces: string[][];
  scales: Float64Array;
  minScaled: Float64Array;
  maxIndex: Float64Array;
  closing: string;
  positionOf: (group: FeatureGroupName, name: string) => number;
}

function piecesFor(prefix: string, range: ValueRange): { min: number; pieces: string[] } {
  const scale = 10 ** range.decimals;
  const margin = (range.hi - range.lo) * MARGIN;
  const min = Math.floor((range.lo - margin) * scale);
  const max = Math.ceil((range.hi + margin) * scale);
  const pieces = Array.from(
    { length: max - min + 1 },
    (_, k) => prefix + formatScaled(min + k, range.decimals),
  );
  return { min, pieces };
}

function buildLayout(): SegmentLayout {
  const ranges: ValueRange[] = [];
  const prefixes: string[] = [];
  const positions = new Map<string, number>();
  let pending = '';
  FEATURE_GROUPS.forEach(({ group, fields }, gi) => {
    pending += gi === 0 ? `"${group}":{` : `},"${group}":{`;
    fields.forEach((field: FeatureField, fi) => {
      pending += `${fi === 0 ? '' : ','}"${field.name}":`;
      positions.set(`${group}.${field.name}`, ranges.length);
      if (field.length === null) {
        ranges.push(scalarRange(group, field.name));
        prefixes.push(pending);
        pending = '';
        return;
      }
      pending += '[';
      for (let k = 0; k < field.length; k++) {
        ranges.push(arrayElementRange(field.name, k));
        prefixes.push(k === 0 ? pending : ',');
        pending = '';
      }
      pending = ']';
    });
  });
  const n = ranges.length;
  const layout: SegmentLayout = {
    ranges,
    pieces: [],
    scales: new Float64Array(n),
    minScaled: new Float64Array(n),
    maxIndex: new Float64Array(n),
    closing: `${pending}}`,
    positionOf: (group, name) => {
      const p = positions.get(`${group}.${name}`);
      if (p === undefined) throw new Error(`Unknown feature ${group}.${name}`);
      return p;
    },
  };
  ranges.forEach((range, i) => {
    const { min, pieces } = piecesFor(prefixes[i]!, range);
    layout.pieces.push(pieces);
    layout.scales[i] = 10 ** range.decimals;
    layout.minScaled[i] = min;
    layout.maxIndex[i] = pieces.length - 1;
  });
  return layout;
}

const LAYOUT = buildLayout();
const POS_BPM = LAYOUT.positionOf('rhythm', 'bpm');
const POS_BEAT_INTERVAL = LAYOUT.positionOf('rhythm', 'beat_interval_median');
const POS_STABILITY = LAYOUT.positionOf('rhythm', 'tempo_stability');
const POS_KEY_STRENGTH = LAYOUT.positionOf('harmony', 'key_strength');
const VALUE_COUNT = LAYOUT.ranges.length;

// ---- beat3tower documents ----------------------------------------------------------

export type SonicSource = 'beat3tower_beats' | 'beat3tower_timegrid' | 'beat3tower_stats';

export interface DemoBeat3tower {
  json: string;
  bpm: number;
  keyStrength: number;
  source: SonicSource;
}

/** Per-track tempo facts shared by the segments. */
interface TrackTempo {
  bpm: number;
  stability: number;
  keyStrength: number;
}

function segmentText(values: Float64Array, tempo: TrackTempo, nBeats: number, rng: SeededRandom): string {
  const half = rng.chance(0.08);
  const double = !half && rng.chance(0.06);
  let text =
    `{"extraction_method":"beat3tower","n_beats":${nBeats},"bpm_info":{"primary_bpm":${numberText(tempo.bpm, 1)},` +
    `"half_tempo_likely":${half},"double_tempo_likely":${double},"tempo_stability":${numberText(tempo.stability, 3)}},`;
  const { pieces, scales, minScaled, maxIndex } = LAYOUT;
  for (let i = 0; i < VALUE_COUNT; i++) {
    let k = Math.round(values[i]! * scales[i]!) - minScaled[i]!;
    if (k < 0) k = 0;
    else if (k > maxIndex[i]!) k = maxIndex[i]!;
    text += pieces[i]![k]!;
  }
  return `${text + LAYOUT.closing}}`;
}

/** Full-track values: uniform in each range, with the tempo-derived ones kept consistent. */
function drawFullValues(rng: SeededRandom, tempo: TrackTempo, out: Float64Array): void {
  const { ranges } = LAYOUT;
  for (let i = 0; i < VALUE_COUNT; i++) out[i] = rng.range(ranges[i]!.lo, ranges[i]!.hi);
  out[POS_BPM] = tempo.bpm;
  out[POS_BEAT_INTERVAL] = 60 / tempo.bpm;
  out[POS_STABILITY] = tempo.stability;
  out[POS_KEY_STRENGTH] = tempo.keyStrength;
}

/** A 30 s window's values: near the full-track ones (about ±7% of each range). */
function drawWindowValues(rng: SeededRandom, full: Float64Array, out: Float64Array): void {
  const { ranges } = LAYOUT;
  for (let i = 0; i < VALUE_COUNT; i++) {
    const r = ranges[i]!;
    out[i] = full[i]! + (r.hi - r.lo) * 0.15 * (rng.next() - 0.5);
  }
  out[POS_BEAT_INTERVAL] = 60 / out[POS_BPM]!;
}

const fullValues = new Float64Array(VALUE_COUNT);
const windowValues = new Float64Array(VALUE_COUNT);
const SOURCES: readonly SonicSource[] = ['beat3tower_beats', 'beat3tower_timegrid', 'beat3tower_stats'];

/** One beat3tower document for a track of `durationSec` seconds. */
export function beat3towerFeatures(rng: SeededRandom, durationSec: number): DemoBeat3tower {
  const tempo: TrackTempo = {
    bpm: Math.round(rng.range(72, 168) * 10) / 10,
    stability: rng.range(0.55, 0.99),
    // Rounded as written (3 decimals), so the returned value equals the one in the JSON.
    keyStrength: Math.round(rng.range(0.25, 0.95) * 1e3) / 1e3,
  };
  // Most tracks have beats; a few fall back to a tempo grid, silence to fixed statistics.
  const sourceRoll = rng.next();
  const source = SOURCES[sourceRoll < 0.9 ? 0 : sourceRoll < 0.98 ? 1 : 2]!;
  drawFullValues(rng, tempo, fullValues);
  const nBeatsFull = Math.max(1, Math.round((durationSec * tempo.bpm) / 60));
  const full = segmentText(fullValues, tempo, nBeatsFull, rng);
  // Tracks of 60 s or less reuse the full-track values for their windows (as the generator does).
  const short = durationSec <= 60;
  const windows: string[] = [];
  const windowBeats: number[] = [];
  for (let w = 0; w < 3; w++) {
    if (short) {
      windows.push(full);
      windowBeats.push(nBeatsFull);
      continue;
    }
    drawWindowValues(rng, fullValues, windowValues);
    const nBeats = Math.max(1, Math.round((30 * windowValues[POS_BPM]!) / 60));
    windows.push(segmentText(windowValues, { ...tempo, bpm: windowValues[POS_BPM]! }, nBeats, rng));
    windowBeats.push(nBeats);
  }
  const metadata =
    `{"extraction_method":"beat3tower","duration":${numberText(durationSec, 1)},"sample_rate":22050,` +
    `"hop_length":512,"n_fft":2048,"n_beats_full":${nBeatsFull},"n_beats_start":${windowBeats[0]},` +
    `"n_beats_mid":${windowBeats[1]},"n_beats_end":${windowBeats[2]},"beat_source":"${source.slice(11)}",` +
    `"extractor_version":"3.2.1"}`;
  const json = `{"full":${full},"start":${windows[0]},"mid":${windows[1]},"end":${windows[2]},"metadata":${metadata}}`;
  return { json, bpm: tempo.bpm, keyStrength: tempo.keyStrength, source };
}

// ---- legacy documents --------------------------------------------------------------

function numberList(rng: SeededRandom, count: number, lo: number, hi: number, decimals: number): string {
  let text = '[';
  for (let i = 0; i < count; i++) text += (i === 0 ? '' : ',') + numberText(rng.range(lo, hi), decimals);
  return `${text}]`;
}

/** Older single-segment (tempo at the top level) or windowed (bpm at the top level) features. */
export function legacyFeatures(rng: SeededRandom, durationSec: number): string {
  const tempo = numberText(rng.range(72, 168), 1);
  if (rng.chance(0.6)) {
    return (
      `{"version":2,"extraction_method":"librosa_basic","duration":${numberText(durationSec, 1)},` +
      `"tempo":${tempo},"mfcc_mean":${numberList(rng, 13, -60, 60, 2)},"mfcc_std":${numberList(rng, 13, 4, 40, 2)},` +
      `"chroma_mean":${numberList(rng, 12, 0.05, 0.9, 4)},"spectral_centroid":${numberText(rng.range(900, 4200), 0)},` +
      `"spectral_rolloff":${numberText(rng.range(2000, 8500), 0)},"zero_crossing_rate":${numberText(rng.range(0.02, 0.16), 4)},` +
      `"rms_mean":${numberText(rng.range(0.02, 0.3), 4)}}`
    );
  }
  let windows = '';
  for (let w = 0; w < 3; w++) {
    windows +=
      `${w === 0 ? '' : ','}{"offset":${numberText((durationSec * w) / 3, 1)},` +
      `"mfcc_mean":${numberList(rng, 13, -60, 60, 2)},"chroma_mean":${numberList(rng, 12, 0.05, 0.9, 4)}}`;
  }
  return `{"extraction_method":"windowed_v1","bpm":${tempo},"window_seconds":30,"windows":[${windows}]}`;
}
