// Audio for the demo library, so it can be rescanned: every track gets a short
// synthesized WAV (a drum pattern at a known tempo under a chord progression in a
// known key) at its file_path. Only a handful of distinct clips are rendered; each
// track's file is a hard link to one of them (a copy where links are not possible),
// so a 500-track demo costs a few megabytes, not hundreds.
//
// For demo libraries only: a file_path that is absolute and outside the library's
// folder (like the demo's `/music/...`) is moved under it (`music/...`) and the
// row's file_path is rewritten to that relative path, since Backbeat must not write
// outside the folder it was given.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../sqlite';
import { ContractError } from '../../../shared/contract';
import { encodeWav } from './wav-writer';
import { synthesize, type MusicSpec } from './synth';

export interface DemoAudioOptions {
  /** Length of each clip; default 20 s. */
  seconds?: number;
  /** Default 22,050 Hz, the analysis rate, to keep files small. */
  sampleRate?: number;
}

export interface DemoClip {
  bpm: number;
  key: string;
}

export interface DemoAudioResult {
  tracks: number;
  /** Rows whose absolute file_path was rewritten to a path under the library folder. */
  pathsRewritten: number;
  clips: DemoClip[];
  /** Bytes of distinct audio written (links are free). */
  bytesWritten: number;
}

const PALETTE: { bpm: number; tonic: number; mode: 'major' | 'minor'; key: string }[] = [
  { bpm: 120, tonic: 0, mode: 'major', key: 'C major' },
  { bpm: 90, tonic: 9, mode: 'minor', key: 'A minor' },
  { bpm: 128, tonic: 7, mode: 'major', key: 'G major' },
  { bpm: 140, tonic: 4, mode: 'minor', key: 'E minor' },
  { bpm: 100, tonic: 2, mode: 'major', key: 'D major' },
  { bpm: 110, tonic: 5, mode: 'major', key: 'F major' },
];

const CLIP_DIR = '.backbeat-demo-audio';

function clipIndexFor(trackId: string): number {
  return crypto.createHash('md5').update(trackId).digest()[0]! % PALETTE.length;
}

/** Where a track's file goes, and the file_path to store when it has to change. */
function placement(libDir: string, filePath: string): { target: string; newFilePath: string | null } {
  if (!path.isAbsolute(filePath)) return { target: path.resolve(libDir, filePath), newFilePath: null };
  const rel = path.relative(libDir, filePath);
  if (!rel.startsWith('..') && !path.isAbsolute(rel)) return { target: filePath, newFilePath: null };
  const parsed = path.parse(filePath);
  const inside = path.join(filePath.slice(parsed.root.length)).split(path.sep).join('/');
  return { target: path.resolve(libDir, inside), newFilePath: inside };
}

function linkOrCopy(source: string, target: string): void {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.rmSync(target, { force: true });
  try {
    fs.linkSync(source, target);
  } catch {
    fs.copyFileSync(source, target);
  }
}

export async function writeDemoAudio(
  libraryPath: string,
  options: DemoAudioOptions = {},
): Promise<DemoAudioResult> {
  const seconds = options.seconds ?? 20;
  const sampleRate = options.sampleRate ?? 22_050;
  if (!(seconds > 0 && seconds <= 600))
    throw new ContractError('bad-arguments', 'Demo clips last between 0 and 600 seconds.');
  const libDir = path.dirname(path.resolve(libraryPath));
  const db = openDatabase(libraryPath, { fileMustExist: true, timeout: 10_000 });
  try {
    const rows = db
      .prepare('SELECT track_id AS trackId, file_path AS filePath FROM tracks ORDER BY rowid')
      .all() as {
      trackId: string;
      filePath: string | null;
    }[];
    const clipDir = path.join(libDir, CLIP_DIR);
    fs.mkdirSync(clipDir, { recursive: true });
    const clipFiles = new Map<number, string>();
    let bytesWritten = 0;
    const clipFile = (i: number): string => {
      let file = clipFiles.get(i);
      if (!file) {
        const p = PALETTE[i]!;
        const spec: MusicSpec = { bpm: p.bpm, tonic: p.tonic, mode: p.mode, sampleRate };
        const wav = encodeWav(synthesize(spec, seconds), { sampleRate });
        file = path.join(clipDir, `clip-${i}-${p.bpm}bpm-${p.key.replace(' ', '-')}.wav`);
        fs.writeFileSync(file, wav);
        bytesWritten += wav.length;
        clipFiles.set(i, file);
      }
      return file;
    };
    const update = db.prepare('UPDATE tracks SET file_path = ? WHERE track_id = ?');
    const rewrites: [string, string][] = [];
    let n = 0;
    for (const row of rows) {
      if (!row.filePath) continue;
      const { target, newFilePath } = placement(libDir, row.filePath);
      linkOrCopy(clipFile(clipIndexFor(String(row.trackId))), target);
      if (newFilePath) rewrites.push([newFilePath, String(row.trackId)]);
      // Let other work (progress, IPC) run between files.
      if (++n % 50 === 0) await new Promise((r) => setImmediate(r));
    }
    db.transaction(() => {
      for (const [fp, id] of rewrites) update.run(fp, id);
    })();
    return {
      tracks: rows.length,
      pathsRewritten: rewrites.length,
      clips: PALETTE.map((p) => ({ bpm: p.bpm, key: p.key })),
      bytesWritten,
    };
  } finally {
    db.close();
  }
}

/** The tempo and key the demo audio of a track was synthesized with (for tests and docs). */
export function demoClipFor(trackId: string): DemoClip {
  const p = PALETTE[clipIndexFor(trackId)]!;
  return { bpm: p.bpm, key: p.key };
}
