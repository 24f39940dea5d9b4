// The generator's fallbacks when a signal has no usable beats (beat3tower_extractor.py,
// release 3.2.0): the zero segment it writes for near-silence and failed extraction,
// the grid at the estimated tempo for fewer than 4 beats, and the 4 evenly spaced
// frames for a grid too short to hold them.
import { HOP, SAMPLE_RATE } from './constants';
import {
  HARMONY_FIELDS,
  RHYTHM_FIELDS,
  TIMBRE_FIELDS,
  groupFromValues,
  rhythmFromNamed,
  type Beat3towerSegment,
} from './layout';

/** The generator's Beat3TowerConfig. */
export const MIN_BEATS = 4;
export const DEFAULT_BPM = 60;
const MIN_GRID_PERIOD = 0.25;

/** What the generator writes when it cannot analyse: zeros, 60 BPM, stability 0. */
export function zeroSegment(nBeats: number): Beat3towerSegment {
  const rhythm: Record<string, number> = {};
  const zeros = (n: number): number[] => new Array<number>(n).fill(0);
  const named: Record<string, number> = {};
  // Every rhythm value is 0 except the three the generator sets below.
  for (const field of RHYTHM_FIELDS) named[field.name] = 0;
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
export function frameTimeOf(frame: number): number {
  return (frame * HOP) / SAMPLE_RATE;
}

/** The generator's evenly spaced fallback frames (at most 4; fewer when the signal is tiny). */
export function statsBeats(samples: number): number[] {
  const nFrames = Math.max(1, Math.floor(samples / HOP));
  const last = Math.max(0, nFrames - 1);
  const out = new Set<number>();
  for (let i = 0; i < MIN_BEATS; i++) out.add(Math.floor((last * i) / (MIN_BEATS - 1)));
  let beats = [...out].sort((a, b) => a - b);
  if (beats.length < 2) beats = [0, Math.max(1, nFrames - 1)];
  return beats;
}

/** A grid at `bpm` over the signal, or null when it cannot hold MIN_BEATS distinct frames. */
export function timegrid(duration: number, bpm: number): { beats: number[]; period: number } | null {
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
