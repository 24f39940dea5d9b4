// Compares Backbeat's beat3tower values with the playlist generator's on the same
// recordings (fidelity/reference.json), value by value across tracks: Pearson r and
// the median absolute error in units of the reference's across-track standard
// deviation. The targets are issue 16's: r >= 0.95 and error <= 0.1 for a value to
// agree; 130 of 137 agreeing values for the full segment, 120 for start, mid, end;
// primary_bpm within 2 BPM on 90% of tracks; n_beats within 3%.
import { FEATURE_VECTOR_NAMES, segmentVector } from '../../electron/engine/library/feature-names';

export const SEGMENTS = ['full', 'start', 'mid', 'end'] as const;
export type SegmentName = (typeof SEGMENTS)[number];

export const MIN_R = 0.95;
export const MAX_ERROR = 0.1;
export const TARGET_AGREEING: Record<SegmentName, number> = { full: 130, start: 120, mid: 120, end: 120 };
export const BPM_TOLERANCE = 2;
export const BPM_SHARE = 0.9;
export const BEATS_TOLERANCE = 0.03;

/** One track's features as both sides write them (the beat3tower JSON). */
export interface TrackPair {
  id: string;
  reference: Record<string, unknown>;
  ours: Record<string, unknown>;
}

export interface ValueRow {
  name: string;
  r: number;
  /** Median |ours - reference| over tracks, divided by the reference's std across tracks. */
  error: number;
  agrees: boolean;
}

export interface SegmentTable {
  segment: SegmentName;
  rows: ValueRow[];
  agreeing: number;
}

export function pearson(a: number[], b: number[]): number {
  const n = a.length;
  const ma = a.reduce((s, x) => s + x, 0) / n;
  const mb = b.reduce((s, x) => s + x, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  if (saa === 0 && sbb === 0) return 1;
  if (saa === 0 || sbb === 0) return 0;
  return sab / Math.sqrt(saa * sbb);
}

function stdOf(xs: number[]): number {
  const m = xs.reduce((s, x) => s + x, 0) / xs.length;
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / xs.length);
}

function medianOf(xs: number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  const h = s.length >> 1;
  return s.length % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
}

function segmentOf(features: Record<string, unknown>, segment: SegmentName): unknown {
  return features[segment];
}

/** The per-value table of one segment over the tracks given. */
export function compareSegment(pairs: TrackPair[], segment: SegmentName): SegmentTable {
  const refs: number[][] = [];
  const ours: number[][] = [];
  for (const p of pairs) {
    const r = segmentVector(segmentOf(p.reference, segment));
    const o = segmentVector(segmentOf(p.ours, segment));
    if (!r) throw new Error(`${p.id}: reference ${segment} segment is incomplete`);
    if (!o) throw new Error(`${p.id}: Backbeat's ${segment} segment is incomplete`);
    refs.push(r);
    ours.push(o);
  }
  const rows = FEATURE_VECTOR_NAMES.map((name, v) => {
    const a = refs.map((x) => x[v]!);
    const b = ours.map((x) => x[v]!);
    const spread = stdOf(a);
    const med = medianOf(a.map((x, i) => Math.abs(x - b[i]!)));
    // A value the reference holds constant agrees only when ours is that constant too.
    const error = spread > 0 ? med / spread : med === 0 ? 0 : Infinity;
    const r = pearson(a, b);
    return { name, r, error, agrees: r >= MIN_R && error <= MAX_ERROR };
  });
  return { segment, rows, agreeing: rows.filter((x) => x.agrees).length };
}

function bpmOf(features: Record<string, unknown>): number {
  const full = features.full as { bpm_info?: { primary_bpm?: unknown } } | undefined;
  const v = full?.bpm_info?.primary_bpm;
  return typeof v === 'number' ? v : NaN;
}

function beatsOf(features: Record<string, unknown>): number {
  const v = (features.full as { n_beats?: unknown } | undefined)?.n_beats;
  return typeof v === 'number' ? v : NaN;
}

export interface TempoAgreement {
  bpmWithin: number;
  beatsWithin: number;
  tracks: number;
  /** Tracks outside either tolerance, for the printout. */
  misses: { id: string; bpm: [number, number]; beats: [number, number] }[];
}

export function compareTempo(pairs: TrackPair[]): TempoAgreement {
  let bpmWithin = 0;
  let beatsWithin = 0;
  const misses: TempoAgreement['misses'] = [];
  for (const p of pairs) {
    const bpm: [number, number] = [bpmOf(p.reference), bpmOf(p.ours)];
    const beats: [number, number] = [beatsOf(p.reference), beatsOf(p.ours)];
    const bpmOk = Math.abs(bpm[0] - bpm[1]) <= BPM_TOLERANCE;
    const beatsOk = Math.abs(beats[0] - beats[1]) <= BEATS_TOLERANCE * beats[0];
    if (bpmOk) bpmWithin++;
    if (beatsOk) beatsWithin++;
    if (!bpmOk || !beatsOk) misses.push({ id: p.id, bpm, beats });
  }
  return { bpmWithin, beatsWithin, tracks: pairs.length, misses };
}
