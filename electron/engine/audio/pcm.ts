// The vocabulary every decoder speaks: blocks of planar float PCM pushed to a sink,
// and a report of what was decoded against what the container declared.

/** Formats Backbeat recognises by their first bytes. */
export type AudioFormat = 'wav' | 'flac' | 'mp3' | 'vorbis' | 'opus' | 'm4a';

/** One block of decoded audio: one Float32Array per channel, samples in [-1, 1]. */
export interface PcmBlock {
  channels: Float32Array[];
  sampleRate: number;
}

/**
 * Receives decoded blocks in order. Synchronous, so a decoder never runs ahead of its
 * consumer; a block's arrays are valid only during the call (decoders reuse them for the
 * next block rather than make a track's worth of garbage): copy what you keep.
 */
export type PcmSink = (block: PcmBlock) => void;

export interface DecodeReport {
  format: AudioFormat;
  sampleRate: number;
  channels: number;
  /** Sample frames (per channel) actually decoded. */
  frames: number;
  /** Sample frames the container says it holds, when it says; used to detect truncation. */
  declaredFrames: number | null;
  /** How many frames the decoded length may fall short of `declaredFrames` and still count as whole. */
  toleranceFrames: number;
  /** Errors the decoder reported while going on (damaged frames); the first one becomes the reason. */
  problems?: string[];
}

export interface DecodeOptions {
  signal?: AbortSignal;
  /** Bytes read from the file per step; small enough to keep memory bounded on long files. */
  chunkBytes?: number;
  /** Where ffmpeg is: undefined searches PATH, null means "there is none" (tests). */
  ffmpegPath?: string | null;
}

export const DEFAULT_CHUNK_BYTES = 256 * 1024;
