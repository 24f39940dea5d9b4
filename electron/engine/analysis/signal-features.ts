// One beat3tower SEGMENT from one signal (the whole track, or a 30-second slice of
// it), with the generator's definitions (beat3tower_extractor.py, release 3.2.0):
// librosa's beats; frames averaged between consecutive beats; medians, IQRs and
// percentiles with linear interpolation; the rhythm values from the onset envelope
// and its time-averaged tempogram; the chroma statistics from the time-averaged
// chroma. Its fallbacks too (beat-fallbacks.ts): near-silence writes zeros and a 60 BPM default; fewer
// than 4 beats puts a grid at the estimated tempo; a grid that cannot hold 4 beats
// takes 4 evenly spaced frames.
import { FRAMES_PER_SECOND, N_CHROMA, N_CONTRAST, N_MFCC, N_TONNETZ, SAMPLE_RATE } from './constants';
import { COL, type FrameTable } from './frame-columns';
import { beatTrack, estimateTempo } from './beat-track';
import { DEFAULT_BPM, MIN_BEATS, statsBeats, timegrid, zeroSegment } from './beat-fallbacks';
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
import { DELTA, columnOf, meanOf, medians, perBeatRows, popStd } from './per-beat';
import { bpmInfo, rhythmOf } from './rhythm-tower';
import { medianIqr } from './stats';
import { estimateTempo as estimateOwnTempo } from './tempo';

const SILENCE_RMS = 1e-4;

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
 * `tuning` is the frames' tuning estimate (FrameAnalyzer.tuning). Backbeat's own
 * tempo (metadata.backbeat_bpm) is estimated only when `ownTempo` (the whole track).
 */
export function signalFeatures(
  frames: FrameTable,
  y: SignalSamples,
  tuning: number,
  ownTempo = true,
): SignalResult {
  const samples = y.length;
  const own = ownTempo ? estimateOwnTempo(frames.column(COL.onset)) : null;
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
