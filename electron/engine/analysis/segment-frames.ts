// The start, mid and end segments without analysing their samples again from
// scratch (that was a third of a typical track's analysis). A segment whose own
// tuning estimate is the whole track's (within SHARED_TUNING_TOLERANCE) takes its
// constant-Q chroma from the whole track's transform (its nearest frames): the
// transform was the largest part of that third.
// A segment on the whole track's hop grid (the start) also takes the whole track's
// frames: every per-frame value (spectrum shape, contrast peaks and valleys, zero
// crossings, RMS) is the whole track's, and what the generator makes relative to the
// slice is made again for the run: the log-mel floored 80 dB under the run's loudest
// value (so its onset envelope, beats, tempo and MFCCs), the contrast floors, and
// everything after (per-beat rows, towers). Its edge frames hold the neighbouring
// audio instead of zero padding. The fidelity comparison measures the difference
// (README, "Analysis fidelity").
import { HOP, N_CHROMA } from './constants';
import { chromaCqt, type ChromaCqt } from './cqt-chroma';
import { COLUMN_COUNT, FrameTable } from './frame-columns';
import { FrameAnalyzer } from './frame-analyzer';
import type { MelFrame } from './mel-frame';
import { signalFeatures, type SignalResult } from './signal-features';
import { finishContrast } from './spectral-contrast';

/** Frames [from, from + count) of a whole track of `frames` frames that stand for samples [a, b). */
export function segmentFrameRange(a: number, b: number, frames: number): { from: number; count: number } {
  const count = Math.min(frames, 1 + Math.floor((b - a) / HOP));
  const from = Math.max(0, Math.min(Math.round(a / HOP), frames - count));
  return { from, count };
}

/**
 * How far (in 36-per-octave bins) a segment's own tuning estimate may sit from the
 * whole track's for it to share the whole track's chroma. A mid segment tuned
 * differently from its track (singularity-awakening) read another pitch class with
 * the track's tuning (chroma_median[1] 1.0 where the generator has 0.35).
 */
export const SHARED_TUNING_TOLERANCE = 0.1;

/** The whole track's analysed frames, its log-mel rows, tuning and (on demand) chroma. */
export interface TrackFrames {
  frames: FrameTable;
  mel: MelFrame;
  tuning: number;
  /** The tuning estimate of frames [from, from + count) alone. */
  tuningOf: (from: number, count: number) => number;
  chroma: () => ChromaCqt;
}

/** Frames [from, from + count) of the whole track as a signal of its own (floors and onsets its own). */
function sharedFrames(track: TrackFrames, from: number, count: number): FrameTable {
  const frames = new FrameTable();
  for (let t = 0; t < count; t++) {
    const row = frames.appendRow();
    for (let c = 0; c < COLUMN_COUNT; c++) row[c] = track.frames.get(from + t, c);
  }
  track.mel.fillRange(frames, from, count);
  finishContrast(frames);
  return frames;
}

/** The frames of a slice's own samples, and their tuning estimate. */
function ownFrames(samples: Float32Array): { frames: FrameTable; tuning: number } {
  const analyzer = new FrameAnalyzer();
  analyzer.push(samples);
  const frames = analyzer.finish();
  return { frames, tuning: analyzer.tuning.estimate() };
}

/**
 * The segment of samples [a, b) (`samples`, asked for only when needed). A segment
 * on the whole track's hop grid (the start) is read from the whole track's frames;
 * another (mid and end, as a rule) has its own frames analysed from its samples, since
 * frames half a hop off moved its MFCC deltas and beat intervals out of agreement
 * with the generator's (measured: mid 106 and end 112 of 137 values agreeing). Both
 * take their chroma from the whole track's constant-Q transform, the nearest frames,
 * unless their own tuning estimate differs from the track's (then their own, at it).
 */
export function segmentFeatures(
  track: TrackFrames,
  a: number,
  b: number,
  samples: () => Float32Array,
): SignalResult {
  const { from, count } = segmentFrameRange(a, b, track.frames.length);
  const own =
    a % HOP === 0
      ? { frames: sharedFrames(track, from, count), tuning: track.tuningOf(from, count) }
      : ownFrames(samples());
  const sharedChroma = (): ChromaCqt => {
    const whole = track.chroma();
    return {
      chroma: whole.chroma.subarray(from * N_CHROMA, (from + count) * N_CHROMA),
      keyProfile: whole.keyProfile,
    };
  };
  const shared = Math.abs(own.tuning - track.tuning) <= SHARED_TUNING_TOLERANCE;
  const chroma = shared ? sharedChroma : (): ChromaCqt => chromaCqt(samples(), own.tuning);
  return signalFeatures(own.frames, { length: b - a, chroma }, own.tuning, false);
}

/** `chroma` computed once, when first asked for. */
export function once(chroma: () => ChromaCqt): () => ChromaCqt {
  let value: ChromaCqt | null = null;
  return () => (value ??= chroma());
}
