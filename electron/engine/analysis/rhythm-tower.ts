// The generator's rhythm tower and bpm_info from a signal's onset envelope, its
// per-beat rows and its beats: onset statistics over per-beat means, the peaks and
// first lags of the time-averaged tempogram, beat intervals and strengths, onset
// rate and entropy.
import { SAMPLE_RATE } from './constants';
import { frameTimeOf } from './beat-fallbacks';
import { COL, type FrameTable } from './frame-columns';
import type { Beat3towerSegment } from './layout';
import { countOnsets } from './onset-detect';
import { columnOf, meanOf, popStd } from './per-beat';
import { medianIqr, percentile } from './stats';
import { TEMPOGRAM_WINDOW, meanTempogram } from './tempogram';

const TEMPOGRAM_MIN_FRAMES = 1024;

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

export function rhythmOf(
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
