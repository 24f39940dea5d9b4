// Backbeat's repository settings, per library: which repository its snapshots go to
// and which audio folders (with their exclude patterns) they hold. Kept in the data
// folder as `repository.json`, written atomically; read with a schema, and a damaged
// file is an error that names it (never silently replaced: it holds the user's choices).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ContractError } from '../../../shared/errors';
import { tempPathBeside, writeFileAtomic } from '../fs/atomic-file';
import { parseJsonAs } from '../../../shared/parse-json';

const folderSchema = z.object({
  path: z.string().min(1),
  excludes: z.array(z.string().min(1)).default([]),
});
export type AudioFolder = z.infer<typeof folderSchema>;

/**
 * An off-machine copy of the repository (electron/engine/destinations/). Only where it
 * is and how to reach it: never a secret (keys and passwords stay in the environment
 * or in a private file, of which only the path is kept here).
 */
const destinationSchema = z.object({
  name: z.string().min(1),
  location: z.string().min(1),
  /** restic extended options (`-o key=value`), e.g. sftp.command; no secrets. */
  options: z.array(z.string().min(1)).default([]),
  /** A private KEY=VALUE file whose lines restic gets in its environment (S3 keys...). */
  credentialsFile: z.string().min(1).nullable().default(null),
  /** A private file with the destination's own password; null: the repository's password. */
  passwordFile: z.string().min(1).nullable().default(null),
  /** When the last copy finished (ISO time); null until one did. */
  lastCopy: z.string().nullable().default(null),
  /** Bytes its snapshots take there, written with the copy (or prune) that changed it. */
  size: z.number().nonnegative().nullable().default(null),
  /**
   * Local snapshot ids that `dest prune` removed there, so the next copy does not bring
   * them back; trimmed to the ones the local repository still holds at each copy.
   */
  pruned: z.array(z.string()).default([]),
  /**
   * Copies on the destination's own schedule: every this many hours (the app's
   * scheduler), besides those after each scheduled snapshot; null: only after those.
   */
  copyEveryHours: z.number().int().min(1).max(720).nullable().default(null),
  /** The newest check of the destination's repository. */
  lastCheck: z
    .object({
      outcome: z.enum(['ok', 'errors']),
      message: z.string(),
      readDataPercent: z.number(),
      checkedAt: z.string(),
    })
    .nullable()
    .default(null),
});
export type DestinationConfig = z.infer<typeof destinationSchema>;

const libraryConfigSchema = z.object({
  repo: z.string().min(1).nullable().default(null),
  /** Null until the user confirms or edits the list; until then the proposed folders are used. */
  folders: z.array(folderSchema).nullable().default(null),
  destinations: z.array(destinationSchema).optional(),
});
export type LibraryRepoConfig = z.infer<typeof libraryConfigSchema>;

const fileSchema = z.object({
  version: z.literal(1),
  libraries: z.record(z.string(), libraryConfigSchema),
});
type ConfigFile = z.infer<typeof fileSchema>;

export function repoConfigPath(dataDir: string): string {
  return path.join(dataDir, 'repository.json');
}

/** A short, stable key for a library: restic tags and staging folders use it. */
export function libraryKey(libraryPath: string): string {
  return crypto.createHash('sha256').update(path.resolve(libraryPath)).digest('hex').slice(0, 16);
}

function readFile(dataDir: string): ConfigFile {
  const file = repoConfigPath(dataDir);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, libraries: {} };
    throw new ContractError('io', `Could not read ${file}: ${(err as Error).message}.`);
  }
  const config = parseJsonAs(fileSchema, text);
  if (!config) {
    throw new ContractError(
      'corrupt',
      `The repository settings ${file} are damaged. Fix or remove that file, then set the repository and folders again.`,
    );
  }
  return config;
}

/** Every library's settings, keyed by the library's absolute path. */
export function readAllLibraryRepoConfigs(dataDir: string): Record<string, LibraryRepoConfig> {
  return readFile(dataDir).libraries;
}

export function readLibraryRepoConfig(dataDir: string, libraryPath: string): LibraryRepoConfig {
  return readFile(dataDir).libraries[path.resolve(libraryPath)] ?? { repo: null, folders: null };
}

/** Changes one library's entry; the whole file is rewritten atomically. */
export async function updateLibraryRepoConfig(
  dataDir: string,
  libraryPath: string,
  change: (current: LibraryRepoConfig) => LibraryRepoConfig,
): Promise<LibraryRepoConfig> {
  const data = readFile(dataDir);
  const key = path.resolve(libraryPath);
  const next = libraryConfigSchema.parse(change(data.libraries[key] ?? { repo: null, folders: null }));
  data.libraries[key] = next;
  const file = repoConfigPath(dataDir);
  await fs.promises.mkdir(dataDir, { recursive: true });
  await writeFileAtomic(file, tempPathBeside(file), `${JSON.stringify(data, null, 2)}\n`);
  return next;
}
