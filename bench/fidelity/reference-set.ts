// The fidelity audio set and its reference numbers: tracks.json (what the set holds
// and how it is made from Debian packages) and reference.json (the generator's
// extractor run on it), both under fidelity/ at the repository's root.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export const REPO_ROOT = path.join(__dirname, '..', '..', '..');
const FIDELITY_DIR = path.join(REPO_ROOT, 'fidelity');

const TrackSchema = z.object({
  id: z.string(),
  package: z.string(),
  source: z.string(),
  make: z.enum(['copy', 'flac', 'wav', 'mp3', 'tracker-flac']),
  genre: z.string(),
  ci: z.boolean().optional(),
  note: z.string().optional(),
});
export type FidelityTrack = z.infer<typeof TrackSchema>;

const ManifestSchema = z.object({ tracks: z.array(TrackSchema) });

const ReferenceSchema = z.object({
  extractor: z.string(),
  tracks: z.record(
    z.string(),
    z.object({ cpu_seconds: z.number(), features: z.record(z.string(), z.unknown()).nullable() }),
  ),
});
export type ReferenceFile = z.infer<typeof ReferenceSchema>;

export function readManifest(): FidelityTrack[] {
  return ManifestSchema.parse(JSON.parse(fs.readFileSync(path.join(FIDELITY_DIR, 'tracks.json'), 'utf8')))
    .tracks;
}

export function readReference(): ReferenceFile {
  return ReferenceSchema.parse(
    JSON.parse(fs.readFileSync(path.join(FIDELITY_DIR, 'reference.json'), 'utf8')),
  );
}

export function audioDir(): string {
  return process.env.BACKBEAT_FIDELITY_AUDIO ?? path.join(REPO_ROOT, '.fidelity-audio');
}

const EXT: Record<FidelityTrack['make'], string | null> = {
  copy: null,
  flac: '.flac',
  wav: '.wav',
  mp3: '.mp3',
  'tracker-flac': '.flac',
};

export function audioFileOf(track: FidelityTrack): string {
  return path.join(audioDir(), track.id + (EXT[track.make] ?? path.extname(track.source)));
}

/** Whether the Debian packages the (CI) set is made from are installed. */
export function sourcesInstalled(tracks: FidelityTrack[]): boolean {
  return tracks.every((t) => fs.existsSync(t.source) || fs.existsSync(audioFileOf(t)));
}

/** Makes the missing audio files (fidelity/make-audio-set.js); throws with its error output. */
export function makeAudioSet(ci: boolean): void {
  const args = [path.join(FIDELITY_DIR, 'make-audio-set.js'), '--out', audioDir()];
  if (ci) args.push('--ci');
  const res = spawnSync(process.execPath, args, { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`making the fidelity audio set failed:\n${res.stderr}`);
}
