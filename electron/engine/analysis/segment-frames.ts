// The start, mid and end segments without analysing their samples again from
// scratch (that was a third of a typical track's analysis). Every segment takes its
// constant-Q chroma from the whole track's transform (its nearest frames, at the
// whole track's tuning estimate): the transform was the largest part of that third.
// A segment on the whole track's hop grid (the start) also takes the whole track's
// frames: every per-frame value (spectrum shape, contrast peaks and valleys, zero
// crossings, RMS) is the whole track's, and what the generator makes relative to the
// slice is made again for the run: the log-mel floored 80 dB under the run's loudest
// value (so its onset envelope, beats, tempo and MFCCs), the contrast floors, and
// everything after (per-beat rows, towers). Its edge frames hold the neighbouring
// audio instead of zero padding. The fidelity comparison measures the difference
// (README, "Analysis fidelity").
import { HOP, N_CHROMA } from './constants';
import type { ChromaCqt } from './cqt-chroma';
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

/** The whole track's analysed frames, its log-mel rows, tuning and (on demand) chroma. */
export interface TrackFrames {
  frames: FrameTable;
  mel: MelFrame;
  tuning: number;
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

/** The frames of a slice's own samples. */
function ownFrames(samples: Float32Array): FrameTable {
  const analyzer = new FrameAnalyzer();
  analyzer.push(samples);
  return analyzer.finish();
}

/**
 * The segment of samples [a, b) (`samples`, asked for only when needed). A segment
 * on the whole track's hop grid (the start) is read from the whole track's frames;
 * another (mid and end, as a rule) has its own frames analysed from its samples, since
 * frames half a hop off moved its MFCC deltas and beat intervals out of agreement
 * with the generator's (measured: mid 106 and end 112 of 137 values agreeing). Both
 * take their chroma from the whole track's constant-Q transform, the nearest frames.
 */
export function segmentFeatures(
  track: TrackFrames,
  a: number,
  b: number,
  samples: () => Float32Array,
): SignalResult {
  const { from, count } = segmentFrameRange(a, b, track.frames.length);
  const frames = a % HOP === 0 ? sharedFrames(track, from, count) : ownFrames(samples());
  const chroma = (): ChromaCqt => {
    const whole = track.chroma();
    return {
      chroma: whole.chroma.subarray(from * N_CHROMA, (from + count) * N_CHROMA),
      keyProfile: whole.keyProfile,
    };
  };
  return signalFeatures(frames, { length: b - a, chroma }, track.tuning, false);
}

/** `chroma` computed once, when first asked for. */
export function once(chroma: () => ChromaCqt): () => ChromaCqt {
  let value: ChromaCqt | null = null;
  return () => (value ??= chroma());
}
