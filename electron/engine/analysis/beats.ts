// Where the beats are, and how we know: tracked beats when the tracker finds a
// plausible sequence, else a grid at the estimated tempo, else (silence, no
// periodicity) a fixed 60 BPM grid; when even a grid gives fewer than two beats
// (a clip under a couple of seconds) statistics run over frames instead.
import { FRAMES_PER_SECOND } from './constants';
import { trackBeats } from './beat-tracker';
import { median } from './stats';
import { estimateTempo, type TempoEstimate } from './tempo';

export type BeatSource = 'beats' | 'tempo_grid' | 'fixed_grid' | 'frames';

export interface BeatResult {
  /** Beat positions in frames, increasing. */
  beats: number[];
  source: BeatSource;
  bpm: number;
  tempo: TempoEstimate | null;
}

/** Onset strength below this everywhere (mean dB rise per mel band) counts as silence. */
const SILENT_ONSET = 0.05;
const FIXED_BPM = 60;
/** A tracked sequence must cover at least half the beats the tempo predicts. */
const MIN_COVERAGE = 0.5;
const MIN_TRACKED_BEATS = 4;

function grid(n: number, period: number, phase: number): number[] {
  const beats: number[] = [];
  for (let k = 0; ; k++) {
    const b = Math.round(phase + k * period);
    if (b >= n) break;
    beats.push(b);
  }
  return beats;
}

/** The grid phase that puts the most onset strength on the beats. */
function bestPhase(env: Float32Array, period: number): number {
  let best = 0;
  let bestScore = -Infinity;
  for (let phase = 0; phase < Math.ceil(period); phase++) {
    let s = 0;
    for (const b of grid(env.length, period, phase)) s += env[b]!;
    if (s > bestScore) {
      bestScore = s;
      best = phase;
    }
  }
  return best;
}

/**
 * Tempo from tracked beats: a least-squares line through beat time against beat
 * number, where a gap of about two periods counts as two beats (a missed beat must
 * not halve the slope). Much finer than the one-frame (23 ms) resolution of a lag.
 */
export function bpmFromBeats(beats: number[]): number {
  const ibis = beats.slice(1).map((b, i) => b - beats[i]!);
  const med = median(ibis);
  const index: number[] = [0];
  for (const d of ibis) index.push(index[index.length - 1]! + Math.max(1, Math.round(d / med)));
  const n = beats.length;
  const mx = index.reduce((s, x) => s + x, 0) / n;
  const my = beats.reduce((s, y) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (index[i]! - mx) * (beats[i]! - my);
    sxx += (index[i]! - mx) ** 2;
  }
  const framesPerBeat = sxy / sxx;
  return (60 * FRAMES_PER_SECOND) / framesPerBeat;
}

export function findBeats(env: Float32Array): BeatResult {
  const n = env.length;
  let loud = false;
  for (let i = 0; i < n && !loud; i++) loud = env[i]! > SILENT_ONSET;
  const tempo = loud ? estimateTempo(env) : null;
  let result: BeatResult;
  if (!tempo) {
    result = {
      beats: grid(n, FRAMES_PER_SECOND * (60 / FIXED_BPM), 0),
      source: 'fixed_grid',
      bpm: FIXED_BPM,
      tempo: null,
    };
  } else {
    const tracked = trackBeats(env, tempo.periodFrames);
    const expected = n / tempo.periodFrames;
    if (tracked.length >= MIN_TRACKED_BEATS && tracked.length >= MIN_COVERAGE * expected) {
      result = { beats: tracked, source: 'beats', bpm: bpmFromBeats(tracked), tempo };
    } else {
      const phase = bestPhase(env, tempo.periodFrames);
      result = { beats: grid(n, tempo.periodFrames, phase), source: 'tempo_grid', bpm: tempo.bpm, tempo };
    }
  }
  if (result.beats.length < 2) result = { ...result, source: 'frames' };
  return result;
}
