// One beat3tower SEGMENT from a range of analysed frames: beats, then the frames
// averaged between consecutive beats, then medians and inter-quartile ranges over
// those beat intervals, plus the rhythm descriptors of the onset envelope.
import { FRAMES_PER_SECOND, N_CHROMA, N_CONTRAST, N_MFCC, N_TONNETZ } from './constants';
import { COL, COLUMN_COUNT, type FrameTable } from './frame-columns';
import { findBeats, type BeatResult } from './beats';
import { estimateKey, type KeyEstimate } from './key';
import {
  HARMONY_FIELDS,
  TIMBRE_FIELDS,
  groupFromValues,
  rhythmFromNamed,
  type Beat3towerSegment,
} from './layout';
import { countOnsets } from './onsets';
import { mean, medianIqr, normalisedEntropy, percentile, std } from './stats';
import { acfAt, rhythmEntropy, tempoStability } from './tempo';

/** Per-interval rows hold the frame columns, then the MFCC deltas. */
const DELTA = COLUMN_COUNT;
const ROW = COLUMN_COUNT + N_MFCC;
/** "Within 15 BPM of half or double" for over 25% of beat intervals (library-format.md). */
const OCTAVE_BPM_TOLERANCE = 15;
const OCTAVE_SHARE = 0.25;

export interface SegmentResult {
  segment: Beat3towerSegment;
  beats: BeatResult;
  key: KeyEstimate;
}

/** Averages the rows between consecutive beats (or takes each frame when there are no beats). */
function beatSyncRows(
  frames: FrameTable,
  deltas: Float32Array,
  from: number,
  to: number,
  beats: BeatResult,
): Float64Array[] {
  const spans: [number, number][] = [];
  if (beats.source === 'frames') for (let f = from; f < to; f++) spans.push([f, f + 1]);
  else
    for (let i = 0; i + 1 < beats.beats.length; i++)
      spans.push([from + beats.beats[i]!, from + beats.beats[i + 1]!]);
  return spans.map(([a, b]) => {
    const row = new Float64Array(ROW);
    for (let f = a; f < b; f++) {
      for (let c = 0; c < COLUMN_COUNT; c++) row[c]! += frames.get(f, c);
      for (let c = 0; c < N_MFCC; c++) row[DELTA + c]! += deltas[f * N_MFCC + c]!;
    }
    for (let c = 0; c < ROW; c++) row[c]! /= b - a;
    return row;
  });
}

function columnOf(rows: Float64Array[], c: number): Float64Array {
  return Float64Array.from(rows, (r) => r[c]!);
}

function medians(rows: Float64Array[], start: number, count: number): { med: number[]; iqr: number[] } {
  const med: number[] = [];
  const iqr: number[] = [];
  for (let c = start; c < start + count; c++) {
    const s = medianIqr(columnOf(rows, c));
    med.push(s.median);
    iqr.push(s.iqr);
  }
  return { med, iqr };
}

/** Pitch classes that are circular local maxima holding at least half the strongest class. */
function chromaPeakCount(chroma: number[]): number {
  const max = Math.max(...chroma);
  if (max <= 0) return 0;
  let count = 0;
  for (let c = 0; c < N_CHROMA; c++) {
    const v = chroma[c]!;
    const prev = chroma[(c + N_CHROMA - 1) % N_CHROMA]!;
    const next = chroma[(c + 1) % N_CHROMA]!;
    if (v >= 0.5 * max && v > prev && v >= next) count++;
  }
  return count;
}

function rhythmOf(env: Float32Array, beats: BeatResult, stability: number): Record<string, number> {
  const onset = medianIqr(env);
  const ibis = beats.beats.slice(1).map((b, i) => (b - beats.beats[i]!) / FRAMES_PER_SECOND);
  const ibiMean = mean(ibis);
  const strengths = beats.beats.map((b) => env[b]!);
  const strength = medianIqr(strengths);
  const tempo = beats.tempo;
  const period = tempo?.periodFrames ?? 0;
  const seconds = env.length / FRAMES_PER_SECOND;
  const values: Record<string, number> = {
    onset_median: onset.median,
    onset_iqr: onset.iqr,
    onset_std: std(env),
    onset_p10: percentile(env, 10),
    onset_p90: percentile(env, 90),
    tempo_peak1_lag: tempo ? tempo.peak1Lag / FRAMES_PER_SECOND : 0,
    tempo_peak2_lag: tempo ? tempo.peak2Lag / FRAMES_PER_SECOND : 0,
    tempo_peak_ratio: tempo?.peakRatio ?? 0,
    beat_interval_cv: ibiMean > 0 ? std(ibis) / ibiMean : 0,
    beat_interval_median: medianIqr(ibis).median,
    beat_strength_median: strength.median,
    beat_strength_iqr: strength.iqr,
    onset_rate: seconds > 0 ? countOnsets(env) / seconds : 0,
    rhythm_entropy: tempo ? rhythmEntropy(tempo.acf) : 1,
    bpm: beats.bpm,
    tempo_stability: stability,
  };
  for (let k = 1; k <= 5; k++) values[`tempo_acf_lag${k}`] = tempo ? acfAt(tempo.acf, k * period) : 0;
  return rhythmFromNamed(values);
}

export function octaveFlags(beats: Pick<BeatResult, 'beats' | 'bpm'>): { half: boolean; double: boolean } {
  const tempos = beats.beats.slice(1).map((b, i) => (60 * FRAMES_PER_SECOND) / (b - beats.beats[i]!));
  if (tempos.length === 0) return { half: false, double: false };
  const share = (target: number): number =>
    tempos.filter((t) => Math.abs(t - target) <= OCTAVE_BPM_TOLERANCE).length / tempos.length;
  return { half: share(beats.bpm / 2) > OCTAVE_SHARE, double: share(beats.bpm * 2) > OCTAVE_SHARE };
}

/** The SEGMENT for frames [from, to) of the table; `deltas` covers the whole table. */
export function computeSegment(
  frames: FrameTable,
  deltas: Float32Array,
  from: number,
  to: number,
): SegmentResult {
  const env = frames.column(COL.onset, from, to);
  const beats = findBeats(env);
  const rows = beatSyncRows(frames, deltas, from, to, beats);
  const stability =
    beats.source === 'beats' || beats.source === 'tempo_grid'
      ? tempoStability(env, beats.tempo?.periodFrames ?? null)
      : 0;

  const mfcc = medians(rows, COL.mfcc, N_MFCC);
  const delta = medians(rows, DELTA, N_MFCC);
  const contrast = medians(rows, COL.contrast, N_CONTRAST);
  const scalar = (c: number): number[] => {
    const s = medianIqr(columnOf(rows, c));
    return [s.median, s.iqr];
  };
  const timbreValues = [
    ...mfcc.med,
    ...mfcc.iqr,
    ...delta.med,
    ...contrast.med,
    ...contrast.iqr,
    ...scalar(COL.rolloff),
    ...scalar(COL.centroid),
    ...scalar(COL.bandwidth),
    ...scalar(COL.onset), // spectral flux is the onset strength
    medianIqr(columnOf(rows, COL.zcr)).median,
  ];

  const chroma = medians(rows, COL.chroma, N_CHROMA);
  const meanChroma: number[] = [];
  for (let c = 0; c < N_CHROMA; c++) meanChroma.push(mean(columnOf(rows, COL.chroma + c)));
  const key = estimateKey(meanChroma);
  const entropies = rows.map((r) => normalisedEntropy(r.subarray(COL.chroma, COL.chroma + N_CHROMA)));
  const tonnetz = medians(rows, COL.tonnetz, N_TONNETZ);
  const harmonyValues = [
    ...chroma.med,
    ...chroma.iqr,
    medianIqr(entropies).median,
    chromaPeakCount(chroma.med),
    key.strength,
    ...tonnetz.med,
  ];

  const flags = octaveFlags(beats);
  const segment: Beat3towerSegment = {
    extraction_method: 'beat3tower',
    n_beats: beats.beats.length,
    bpm_info: {
      primary_bpm: beats.bpm,
      half_tempo_likely: flags.half,
      double_tempo_likely: flags.double,
      tempo_stability: stability,
    },
    rhythm: rhythmOf(env, beats, stability),
    timbre: groupFromValues(TIMBRE_FIELDS, timbreValues),
    harmony: groupFromValues(HARMONY_FIELDS, harmonyValues),
  };
  return { segment, beats, key };
}
