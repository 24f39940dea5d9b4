// The generator's per-beat aggregation (_aggregate_per_beat): every frame column and
// the MFCC deltas averaged between consecutive beats, one row per beat interval, and
// the column statistics the towers take over those rows.
import { N_MFCC } from './constants';
import { COLUMN_COUNT, type FrameTable } from './frame-columns';
import { medianIqr } from './stats';

/** Rows per beat interval: the frame columns, then the MFCC deltas. */
export const DELTA = COLUMN_COUNT;
const ROW = COLUMN_COUNT + N_MFCC;

/** Averages the rows between consecutive beats, as the generator's _aggregate_per_beat does. */
export function perBeatRows(frames: FrameTable, deltas: Float32Array, beats: number[]): Float64Array[] {
  const n = frames.length;
  const rows: Float64Array[] = [];
  for (let i = 0; i + 1 < beats.length; i++) {
    const a = beats[i]!;
    const b = beats[i + 1]!;
    if (!(a < n && b <= n && a < b)) continue;
    const row = new Float64Array(ROW);
    for (let f = a; f < b; f++) {
      for (let c = 0; c < COLUMN_COUNT; c++) row[c]! += frames.get(f, c);
      for (let c = 0; c < N_MFCC; c++) row[DELTA + c]! += deltas[f * N_MFCC + c]!;
    }
    for (let c = 0; c < ROW; c++) row[c]! /= b - a;
    rows.push(row);
  }
  if (rows.length === 0) {
    // No usable interval: the mean of every frame.
    const row = new Float64Array(ROW);
    for (let f = 0; f < n; f++) {
      for (let c = 0; c < COLUMN_COUNT; c++) row[c]! += frames.get(f, c);
      for (let c = 0; c < N_MFCC; c++) row[DELTA + c]! += deltas[f * N_MFCC + c]!;
    }
    for (let c = 0; c < ROW; c++) row[c]! /= Math.max(1, n);
    rows.push(row);
  }
  return rows;
}

export function columnOf(rows: Float64Array[], c: number): Float64Array {
  return Float64Array.from(rows, (r) => r[c]!);
}

export function medians(
  rows: Float64Array[],
  start: number,
  count: number,
): { med: number[]; iqr: number[] } {
  const med: number[] = [];
  const iqr: number[] = [];
  for (let c = start; c < start + count; c++) {
    const s = medianIqr(columnOf(rows, c));
    med.push(s.median);
    iqr.push(s.iqr);
  }
  return { med, iqr };
}

export function popStd(xs: ArrayLike<number>): number {
  const n = xs.length;
  if (n === 0) return NaN;
  let m = 0;
  for (let i = 0; i < n; i++) m += xs[i]!;
  m /= n;
  let s = 0;
  for (let i = 0; i < n; i++) s += (xs[i]! - m) ** 2;
  return Math.sqrt(s / n);
}

export function meanOf(xs: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < xs.length; i++) m += xs[i]!;
  return m / xs.length;
}
