// Decodes any supported audio file to planar float blocks, streamed, and decides
// whether the result can be trusted: a missing, empty, unrecognised, truncated or
// silent-because-undecodable file is an AudioFileError with the reason, never audio.
import fs from 'node:fs/promises';
import { AudioFileError, truncatedReason } from './audio-error';
import { decodeWithFfmpeg } from './ffmpeg-decoder';
import { decodeFlacFile } from './flac-decoder';
import { decodeMp3File } from './mp3-decoder';
import { decodeOggFile } from './ogg-decoder';
import type { AudioFormat, DecodeOptions, DecodeReport, PcmSink } from './pcm';
import { readHead } from './read-chunks';
import { SNIFF_BYTES, id3v2Size, sniffFormat } from './sniff';
import { decodeWavFile } from './wav-decoder';

async function checkFile(filePath: string): Promise<void> {
  let size: number;
  try {
    const st = await fs.stat(filePath);
    if (!st.isFile()) throw new AudioFileError('not a file');
    size = st.size;
  } catch (err) {
    if (err instanceof AudioFileError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new AudioFileError('file not found');
    if (code === 'EACCES' || code === 'EPERM') throw new AudioFileError('permission denied');
    throw new AudioFileError(`cannot read file: ${(err as Error).message}`);
  }
  if (size === 0) throw new AudioFileError('empty file');
}

/** Which format a file holds, and where its audio starts (past a leading ID3 tag). */
export async function detectFormat(filePath: string): Promise<{ format: AudioFormat; startOffset: number }> {
  const head = await readHead(filePath, SNIFF_BYTES);
  const id3 = id3v2Size(head);
  const afterId3 = id3 > 0 ? (await readHead(filePath, id3 + 16)).subarray(id3) : null;
  const format = sniffFormat(head, afterId3);
  if (!format) throw new AudioFileError('not an audio file (unrecognised format)');
  return { format, startOffset: id3 };
}

function runDecoder(
  format: AudioFormat,
  filePath: string,
  sink: PcmSink,
  options: DecodeOptions,
  startOffset: number,
): Promise<DecodeReport> {
  switch (format) {
    case 'wav':
      return decodeWavFile(filePath, sink, options);
    case 'flac':
      return decodeFlacFile(filePath, sink, options, startOffset);
    case 'mp3':
      return decodeMp3File(filePath, sink, options, startOffset);
    case 'vorbis':
    case 'opus':
      return decodeOggFile(filePath, sink, options, format);
    case 'm4a':
      return decodeWithFfmpeg(filePath, sink, options, format);
  }
}

export async function decodeAudioFile(
  filePath: string,
  sink: PcmSink,
  options: DecodeOptions = {},
): Promise<DecodeReport> {
  await checkFile(filePath);
  const { format, startOffset } = await detectFormat(filePath);
  const report = await runDecoder(format, filePath, sink, options, startOffset);
  if (report.declaredFrames !== null && report.frames + report.toleranceFrames < report.declaredFrames) {
    throw new AudioFileError(truncatedReason(report.frames, report.declaredFrames, report.sampleRate));
  }
  if (report.problems && report.problems.length > 0) {
    throw new AudioFileError(`damaged audio: ${report.problems[0]}`);
  }
  if (report.frames === 0) throw new AudioFileError('no audio could be decoded');
  return report;
}
