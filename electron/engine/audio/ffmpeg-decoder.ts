// M4A/AAC (and anything else only ffmpeg reads) through an ffmpeg found on PATH.
// ffmpeg decodes only: it writes 32-bit float WAV at the file's own rate and channel
// layout to stdout, and we downmix and resample ourselves like for every other format.
import { spawn } from 'node:child_process';
import { AudioFileError, NEED_FFMPEG_REASON } from './audio-error';
import { findFfmpeg } from './find-ffmpeg';
import type { AudioFormat, DecodeOptions, DecodeReport, PcmSink } from './pcm';
import { WavStreamParser } from './wav-parser';

/** How much of ffmpeg's log we keep for the duration line and the error message. */
const STDERR_KEEP_BYTES = 64 * 1024;

export function parseFfmpegDuration(log: string): number | null {
  const m = /Duration:\s*(\d+):(\d\d):(\d\d(?:\.\d+)?)/.exec(log);
  if (!m) return null;
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
}

function lastMeaningfulLine(log: string): string {
  const lines = log
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  return lines[lines.length - 1] ?? 'no output';
}

export async function decodeWithFfmpeg(
  filePath: string,
  sink: PcmSink,
  options: DecodeOptions,
  format: AudioFormat,
): Promise<DecodeReport> {
  const ffmpeg = options.ffmpegPath === undefined ? findFfmpeg() : options.ffmpegPath;
  if (!ffmpeg) throw new AudioFileError(NEED_FFMPEG_REASON);
  const args = [
    '-hide_banner',
    '-nostdin',
    '-i',
    filePath,
    '-map',
    '0:a:0',
    '-vn',
    '-c:a',
    'pcm_f32le',
    '-f',
    'wav',
    '-',
  ];
  const child = spawn(ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (s: string) => {
    log = (log + s).slice(-STDERR_KEEP_BYTES);
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  });
  const onAbort = (): void => {
    child.kill('SIGKILL');
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const parser = new WavStreamParser(sink);
  try {
    try {
      for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
        parser.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      }
    } catch (err) {
      child.kill('SIGKILL');
      throw err;
    }
    const code = await exited;
    options.signal?.throwIfAborted();
    if (code !== 0) throw new AudioFileError(`ffmpeg could not decode the file: ${lastMeaningfulLine(log)}`);
    parser.finish();
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
  const fmt = parser.format!;
  const seconds = parseFfmpegDuration(log);
  return {
    format,
    sampleRate: fmt.sampleRate,
    channels: fmt.channels,
    frames: parser.framesDecoded,
    declaredFrames: seconds === null ? null : Math.round(seconds * fmt.sampleRate),
    // The container's duration is rounded to 10 ms and may include priming: allow 0.25 s plus 1%.
    toleranceFrames: Math.round(fmt.sampleRate * (0.25 + 0.01 * (seconds ?? 0))),
  };
}
