// Why one audio file could not be analysed. The message is the reason recorded for
// the track, so it is short and says what is wrong with the file.

export class AudioFileError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'AudioFileError';
  }
}

/** The reason FFmpeg-only formats give when there is no ffmpeg on PATH (exact wording is part of the spec). */
export const NEED_FFMPEG_REASON = 'unsupported format: install ffmpeg';

export function truncatedReason(decodedFrames: number, declaredFrames: number, sampleRate: number): string {
  const got = (decodedFrames / sampleRate).toFixed(2);
  const want = (declaredFrames / sampleRate).toFixed(2);
  return `truncated file: decoded ${got} s of the ${want} s its header declares`;
}

/** Turns anything a decoder throws into a one-line reason. */
export function reasonOf(err: unknown): string {
  if (err instanceof AudioFileError) return err.message;
  const msg = err instanceof Error ? err.message : String(err);
  return `could not analyse: ${msg.split('\n')[0]}`;
}
