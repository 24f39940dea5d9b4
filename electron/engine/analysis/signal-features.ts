// One beat3tower SEGMENT from one signal (the whole track, or a 30-second slice of
// it), with the generator's definitions (beat3tower_extractor.py, release 3.2.0):
// librosa's beats; frames averaged between consecutive beats; medians, IQRs and
// percentiles with linear interpolation; the rhythm values from the onset envelope
// and its time-averaged tempogram; the chroma statistics from the time-averaged
// chroma. Its fallbacks too: near-silence writes zeros and a 60 BPM default; fewer
// than 4 beats puts a grid at the estimated tempo; a grid that cannot hold 4 beats
// takes 4 evenly spaced frames.
import { FRAMES_PER_SECOND, HOP, N_CHROMA, N_CONTRAST, N_MFCC, N_TONNETZ, SAMPLE_RATE } from './constants';
import { COL, COLUMN_COUNT, type FrameTable } from './frame-columns';
import { beatTrack, estimateTempo } from './beat-track';
import type { SignalSamples } from './sample-store';
import { tonnetzInto } from './tonnetz';
import { mfccDeltas } from './deltas';
import {
  HARMONY_FIELDS,
  TIMBRE_FIELDS,
  groupFromValues,
  rhythmFromNamed,
  type Beat3towerSegment,
} from './layout';
import { countOnsets } from './onset-detect';
import { medianIqr, percentile } from './stats';
import { TEMPOGRAM_WINDOW, meanTempogram } from './tempogram';
import { estimateTempo as estimateOwnTempo } from './tempo';

/** The generator's Beat3TowerConfig. */
const MIN_BEATS = 4;
const DEFAULT_BPM = 60;
const MIN_GRID_PERIOD = 0.25;
const SILENCE_RMS = 1e-4;
const TEMPOGRAM_MIN_FRAMES = 1024;
/** Rows per beat interval: the frame columns, then the MFCC deltas. */
const DELTA = COLUMN_COUNT;
const ROW = COLUMN_COUNT + N_MFCC;

export type BeatMode = 'beats' | 'timegrid' | 'stats';

export interface SignalMeta {
  beat_mode: BeatMode;
  beat_count: number;
  tempo_source: 'beat_track' | 'onset_tempo' | 'default';
  timegrid_period_sec: number | null;
  silence_flag: boolean;
  sonic_source: 'beat3tower_beats' | 'beat3tower_timegrid' | 'beat3tower_stats';
  tempo_bpm: number;
}

export interface SignalResult {
  segment: Beat3towerSegment;
  meta: SignalMeta;
  /** Pitch-class profile for the key in metadata (all zero for silence); see cqt-chroma.ts. */
  chromaMean: number[];
  /**
   * Backbeat's own tempo estimate (autocorrelation with an octave check, tempo.ts),
   * for metadata only: where it knows better than librosa (an octave error), the
   * stored values still mean what the generator means.
   */
  backbeatBpm: number | null;
}

function meta(
  mode: BeatMode,
  beatCount: number,
  source: SignalMeta['tempo_source'],
  period: number | null,
  silent: boolean,
  bpm: number,
): SignalMeta {
  const sonic =
    mode === 'beats' ? 'beat3tower_beats' : mode === 'timegrid' ? 'beat3tower_timegrid' : 'beat3tower_stats';
  return {
    beat_mode: mode,
    beat_count: beatCount,
    tempo_source: source,
    timegrid_period_sec: period,
    silence_flag: silent,
    sonic_source: sonic,
    tempo_bpm: bpm,
  };
}

/** What the generator writes when it cannot analyse: zeros, 60 BPM, stability 0. */
function zeroSegment(nBeats: number): Beat3towerSegment {
  const rhythm: Record<string, number> = {};
  const zeros = (n: number): number[] => new Array<number>(n).fill(0);
  const named: Record<string, number> = {};
  for (const name of [
    'onset_median',
    'onset_iqr',
    'onset_std',
    'onset_p10',
    'onset_p90',
    'tempo_peak1_lag',
    'tempo_peak2_lag',
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
  ])
    named[name] = 0;
  named.tempo_peak_ratio = 1;
  named.bpm = DEFAULT_BPM;
  named.tempo_stability = 0;
  Object.assign(rhythm, rhythmFromNamed(named));
  const timbre = groupFromValues(TIMBRE_FIELDS, zeros(83));
  const harmony = groupFromValues(HARMONY_FIELDS, zeros(33));
  return {
    extraction_method: 'beat3tower',
    n_beats: nBeats,
    bpm_info: {
      primary_bpm: DEFAULT_BPM,
      half_tempo_likely: false,
      double_tempo_likely: false,
      tempo_stability: 0,
    },
    rhythm,
    timbre,
    harmony,
  };
}

/** librosa.frames_to_time / time_to_frames at hop 512. */
function frameTimeOf(frame: number): number {
  return (frame * HOP) / SAMPLE_RATE;
}

/** The generator's evenly spaced fallback frames (at most 4; fewer when the signal is tiny). */
function statsBeats(samples: number): number[] {
  const nFrames = Math.max(1, Math.floor(samples / HOP));
  const last = Math.max(0, nFrames - 1);
  const out = new Set<number>();
  for (let i = 0; i < MIN_BEATS; i++) out.add(Math.floor((last * i) / (MIN_BEATS - 1)));
  let beats = [...out].sort((a, b) => a - b);
  if (beats.length < 2) beats = [0, Math.max(1, nFrames - 1)];
  return beats;
}

/** A grid at `bpm` over the signal, or null when it cannot hold MIN_BEATS distinct frames. */
function timegrid(duration: number, bpm: number): { beats: number[]; period: number } | null {
  if (duration <= 0) return null;
  let period = 60 / Math.max(bpm, 1e-6);
  period = Math.min(period, duration / (MIN_BEATS + 1));
  period = Math.max(period, MIN_GRID_PERIOD);
  const frames = new Set<number>();
  // np.arange(0, duration, period): k * period for k < ceil(duration / period).
  const count = Math.ceil(duration / period);
  for (let k = 0; k < count; k++) {
    const t = k * period;
    if (t < duration) frames.add(Math.floor(Math.trunc(t * SAMPLE_RATE) / HOP));
  }
  if (frames.size < MIN_BEATS) return null;
  return { beats: [...frames].sort((a, b) => a - b), period };
}

/** Averages the rows between consecutive beats, as the generator's _aggregate_per_beat does. */
function perBeatRows(frames: FrameTable, deltas: Float32Array, beats: number[]): Float64Array[] {
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

function popStd(xs: ArrayLike<number>): number {
  const n = xs.length;
  if (n === 0) return NaN;
  let m = 0;
  for (let i = 0; i < n; i++) m += xs[i]!;
  m /= n;
  let s = 0;
  for (let i = 0; i < n; i++) s += (xs[i]! - m) ** 2;
  return Math.sqrt(s / n);
}

function meanOf(xs: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < xs.length; i++) m += xs[i]!;
  return m / xs.length;
}

/** Lags (from 5 on) of the strongest local maxima of the time-averaged tempogram, strongest first. */
function tempoPeaks(acf: Float64Array, count = 3): number[] {
  const start = 5;
  if (acf.length <= start) return [0];
  const peaks: [number, number][] = [];
  for (let i = start + 1; i < acf.length - 1; i++)
    if (acf[i]! > acf[i - 1]! && acf[i]! > acf[i + 1]!) peaks.push([i, acf[i]!]);
  if (peaks.length === 0) {
    let best = start;
    for (let i = start; i < acf.length; i++) if (acf[i]! > acf[best]!) best = i;
    return [best];
  }
  // A stable sort by height, as Python's list.sort.
  peaks.sort((a, b) => b[1] - a[1]);
  return peaks.slice(0, count).map((p) => p[0]);
}

function rhythmOf(
  frames: FrameTable,
  rows: Float64Array[],
  beats: number[],
  tempo: number,
  samples: number,
): Record<string, number> {
  const env = frames.column(COL.onset);
  const onsetPerBeat = columnOf(rows, COL.onset);
  const padded = new Float64Array(Math.max(env.length, TEMPOGRAM_MIN_FRAMES));
  padded.set(env);
  const acf = meanTempogram(padded, TEMPOGRAM_WINDOW);
  const peaks = tempoPeaks(acf);
  const times = beats.map(frameTimeOf);
  const intervals = times.slice(1).map((t, i) => t - times[i]!);
  const strengths = beats.length > 0 ? beats.map((b) => env[b]!) : [0];
  const onset = medianIqr(onsetPerBeat);
  const strength = medianIqr(strengths);
  let total = 0;
  for (const v of onsetPerBeat) total += v;
  let entropy = 0;
  for (const v of onsetPerBeat) {
    const p = v / (total + 1e-10);
    entropy -= p * Math.log(p + 1e-10);
  }
  const seconds = samples / SAMPLE_RATE;
  const values: Record<string, number> = {
    onset_median: onset.median,
    onset_iqr: onset.iqr,
    onset_std: popStd(onsetPerBeat),
    onset_p10: percentile(onsetPerBeat, 10),
    onset_p90: percentile(onsetPerBeat, 90),
    tempo_peak1_lag: peaks.length > 0 ? peaks[0]! : 0,
    tempo_peak2_lag: peaks.length > 1 ? peaks[1]! : 0,
    tempo_peak_ratio: peaks.length > 1 ? acf[peaks[0]!]! / (acf[peaks[1]!]! + 1e-10) : 1,
    beat_interval_cv: intervals.length > 0 ? popStd(intervals) / (meanOf(intervals) + 1e-6) : 0,
    beat_interval_median: intervals.length > 0 ? medianIqr(intervals).median : 0,
    beat_strength_median: strength.median,
    beat_strength_iqr: strength.iqr,
    onset_rate: seconds > 0 ? countOnsets(env) / seconds : 0,
    rhythm_entropy: entropy,
    bpm: tempo,
    tempo_stability: 1,
  };
  for (let k = 1; k <= 5; k++) values[`tempo_acf_lag${k}`] = acf.length > k ? acf[k]! : 0;
  return values;
}

/** The generator's _compute_bpm_info, from beat frames. */
export function bpmInfo(tempo: number, beats: number[]): Beat3towerSegment['bpm_info'] {
  const times = beats.map(frameTimeOf);
  if (times.length < 4)
    return { primary_bpm: tempo, half_tempo_likely: false, double_tempo_likely: false, tempo_stability: 0 };
  const intervals = times.slice(1).map((t, i) => t - times[i]!);
  const bpms = intervals.map((d) => 60 / (d + 1e-10));
  const near = (target: number): number => bpms.filter((b) => Math.abs(b - target) < 15).length;
  const total = bpms.length;
  const cv = popStd(intervals) / (meanOf(intervals) + 1e-10);
  return {
    primary_bpm: tempo,
    half_tempo_likely: near(tempo / 2) / total > 0.25,
    double_tempo_likely: near(tempo * 2) / total > 0.25,
    tempo_stability: Math.min(1, Math.max(0, 1 - cv)),
  };
}

function withBeats(
  frames: FrameTable,
  beats: number[],
  tempo: number,
  samples: number,
): { segment: Beat3towerSegment; chromaMean: number[] } {
  const deltas = mfccDeltas(frames);
  const rows = perBeatRows(frames, deltas, beats);
  const info = bpmInfo(tempo, beats);
  const rhythm = rhythmOf(frames, rows, beats, tempo, samples);
  rhythm.bpm = info.primary_bpm;
  rhythm.tempo_stability = info.tempo_stability;

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
    ...scalar(COL.onset), // the generator's spectral flux is its onset strength
    medianIqr(columnOf(rows, COL.zcr)).median,
  ];

  const chroma = medians(rows, COL.chroma, N_CHROMA);
  const chromaMean: number[] = [];
  for (let c = 0; c < N_CHROMA; c++) chromaMean.push(meanOf(frames.column(COL.chroma + c)));
  let sum = 0;
  for (const v of chromaMean) sum += v;
  let entropy = 0;
  for (const v of chromaMean) {
    const p = v / (sum + 1e-10);
    entropy -= p * Math.log(p + 1e-10);
  }
  const avg = meanOf(chromaMean);
  const threshold = avg + popStd(chromaMean);
  const peakCount = chromaMean.filter((v) => v > threshold).length;
  const keyStrength = Math.max(...chromaMean) / (avg + 1e-10);
  const tonnetz = medians(rows, COL.tonnetz, N_TONNETZ);
  const harmonyValues = [...chroma.med, ...chroma.iqr, entropy, peakCount, keyStrength, ...tonnetz.med];

  return {
    segment: {
      extraction_method: 'beat3tower',
      n_beats: beats.length,
      bpm_info: info,
      rhythm: rhythmFromNamed(rhythm),
      timbre: groupFromValues(TIMBRE_FIELDS, timbreValues),
      harmony: groupFromValues(HARMONY_FIELDS, harmonyValues),
    },
    chromaMean,
  };
}

/** Frames too few for librosa's deltas (9): the generator's extraction raises and it writes zeros. */
const MIN_FRAMES = 9;

/** Fills the chroma (constant-Q) and tonnetz columns. */
function fillHarmony(frames: FrameTable, y: SignalSamples, tuning: number): number[] {
  const { chroma, keyProfile } = y.chroma(tuning);
  const row = new Float32Array(N_CHROMA);
  const out = new Float32Array(N_TONNETZ);
  const n = Math.min(frames.length, chroma.length / N_CHROMA);
  for (let t = 0; t < n; t++) {
    for (let c = 0; c < N_CHROMA; c++) {
      row[c] = chroma[t * N_CHROMA + c]!;
      frames.set(t, COL.chroma + c, row[c]!);
    }
    tonnetzInto(row, out, 0);
    for (let d = 0; d < N_TONNETZ; d++) frames.set(t, COL.tonnetz + d, out[d]!);
  }
  return keyProfile;
}

/**
 * The generator's _extract_full_with_meta on the analysed frames of signal `y`;
 * `tuning` is the frames' tuning estimate (FrameAnalyzer.tuning).
 */
export function signalFeatures(frames: FrameTable, y: SignalSamples, tuning: number): SignalResult {
  const samples = y.length;
  const own = estimateOwnTempo(frames.column(COL.onset));
  const backbeatBpm = own ? own.bpm : null;
  const zerosChroma = new Array<number>(N_CHROMA).fill(0);
  let maxRms = 0;
  for (let t = 0; t < frames.length; t++) maxRms = Math.max(maxRms, frames.get(t, COL.rms));
  const track = beatTrack(frames.column(COL.onsetMedian));
  const beatCount = track.beats.length;
  if (samples === 0 || maxRms < SILENCE_RMS) {
    return {
      segment: zeroSegment(statsBeats(samples).length),
      meta: meta('stats', beatCount, 'default', null, true, DEFAULT_BPM),
      chromaMean: zerosChroma,
      backbeatBpm,
    };
  }
  if (frames.length < MIN_FRAMES) {
    return {
      segment: zeroSegment(statsBeats(samples).length),
      meta: meta('stats', beatCount, 'default', null, false, DEFAULT_BPM),
      chromaMean: zerosChroma,
      backbeatBpm,
    };
  }
  const keyProfile = fillHarmony(frames, y, tuning);
  if (beatCount >= MIN_BEATS) {
    const r = withBeats(frames, track.beats, track.bpm, samples);
    return {
      ...r,
      chromaMean: keyProfile,
      backbeatBpm,
      meta: meta('beats', beatCount, 'beat_track', null, false, track.bpm),
    };
  }
  const estimated = estimateTempo(frames.column(COL.onset));
  const ok = Number.isFinite(estimated) && estimated > 0;
  const grid = timegrid(samples / SAMPLE_RATE, ok ? estimated : DEFAULT_BPM);
  if (grid) {
    const effective = grid.period > 0 ? 60 / grid.period : estimated;
    const r = withBeats(frames, grid.beats, effective, samples);
    return {
      ...r,
      chromaMean: keyProfile,
      backbeatBpm,
      meta: meta('timegrid', beatCount, ok ? 'onset_tempo' : 'default', grid.period, false, effective),
    };
  }
  const r = withBeats(frames, statsBeats(samples), DEFAULT_BPM, samples);
  return {
    ...r,
    chromaMean: keyProfile,
    backbeatBpm,
    meta: meta('stats', beatCount, 'default', null, false, DEFAULT_BPM),
  };
}

export { FRAMES_PER_SECOND };
