// Where Backbeat finds restic, and whether that restic is new enough.
//
// Order: BACKBEAT_RESTIC (an explicit choice always wins), the copy bundled with the
// app (electron-builder's extraResources puts it in `resources/restic/`), then
// `restic` on PATH. The first one found is the one used: a broken BACKBEAT_RESTIC is
// an error, never silently replaced by another restic the user did not choose.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ContractError } from '../../../shared/errors';

/** restic 0.17 brought --skip-if-unchanged, snapshot summaries and exit codes 10-12. */
export const MIN_RESTIC_VERSION: readonly [number, number, number] = [0, 17, 0];
const MIN_TEXT = MIN_RESTIC_VERSION.join('.');

export interface ResticBinary {
  path: string;
  version: string;
  source: 'BACKBEAT_RESTIC' | 'bundled' | 'PATH';
}

const exeName = process.platform === 'win32' ? 'restic.exe' : 'restic';

const HOW_TO_GET =
  `Install restic ${MIN_TEXT} or newer (https://restic.net, or your package manager) and put it on PATH, ` +
  'or point BACKBEAT_RESTIC at it. Database backups keep working without it.';

function isExecutable(file: string): boolean {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) return false;
    if (process.platform !== 'win32') fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Electron's resources folder: set only in a packaged app (where the bundled restic is). */
function defaultResourcesPath(): string | undefined {
  return (process as { resourcesPath?: string }).resourcesPath;
}

/** The bundled copy, `resources/restic/restic[.exe]` (see electron-builder.yml extraResources). */
function bundledCandidate(resources: string | undefined): string | null {
  return resources ? path.join(resources, 'restic', exeName) : null;
}

function onPath(env: NodeJS.ProcessEnv): string | null {
  const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const dir of dirs) {
    const candidate = path.join(dir, exeName);
    if (isExecutable(candidate)) return candidate;
  }
  return null;
}

/** "restic 0.18.0 compiled with go1.24.4 on linux/amd64" -> [0, 18, 0]; null when it is not restic's answer. */
export function parseResticVersion(text: string): [number, number, number] | null {
  const m = /^restic (\d+)\.(\d+)\.(\d+)/m.exec(text);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

export function isNewEnough(v: readonly [number, number, number]): boolean {
  for (let i = 0; i < 3; i++) {
    if (v[i]! !== MIN_RESTIC_VERSION[i]!) return v[i]! > MIN_RESTIC_VERSION[i]!;
  }
  return true;
}

function askVersion(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, ['version'], { timeout: 30_000, windowsHide: true }, (err, stdout) => {
      if (err) reject(err);
      else resolve(stdout);
    });
  });
}

/** The candidate to use, and where it came from; null when there is none. */
export function locateRestic(
  env: NodeJS.ProcessEnv,
  resourcesPath: string | undefined = defaultResourcesPath(),
): { path: string; source: ResticBinary['source'] } | null {
  const explicit = env.BACKBEAT_RESTIC;
  if (explicit) return { path: path.resolve(explicit), source: 'BACKBEAT_RESTIC' };
  const bundled = bundledCandidate(resourcesPath);
  if (bundled && isExecutable(bundled)) return { path: bundled, source: 'bundled' };
  const found = onPath(env);
  return found ? { path: found, source: 'PATH' } : null;
}

const cache = new Map<string, Promise<ResticBinary>>();

async function probe(found: { path: string; source: ResticBinary['source'] }): Promise<ResticBinary> {
  if (!isExecutable(found.path)) {
    throw new ContractError(
      'not-applicable',
      `restic was not found at ${found.path} (from ${found.source}). ${HOW_TO_GET}`,
    );
  }
  let out: string;
  try {
    out = await askVersion(found.path);
  } catch (err) {
    throw new ContractError(
      'not-applicable',
      `${found.path} did not answer "restic version" (${(err as Error).message}). ${HOW_TO_GET}`,
    );
  }
  const version = parseResticVersion(out);
  if (!version) {
    throw new ContractError('not-applicable', `${found.path} does not look like restic. ${HOW_TO_GET}`);
  }
  const text = version.join('.');
  if (!isNewEnough(version)) {
    throw new ContractError(
      'not-applicable',
      `restic ${text} at ${found.path} is too old: Backbeat needs ${MIN_TEXT} or newer. ${HOW_TO_GET}`,
    );
  }
  return { path: found.path, version: text, source: found.source };
}

/** Finds and checks restic; a ContractError that says what to do when it is missing or too old. */
export function findRestic(env: NodeJS.ProcessEnv = process.env): Promise<ResticBinary> {
  const found = locateRestic(env);
  if (!found) {
    return Promise.reject(new ContractError('not-applicable', `restic was not found. ${HOW_TO_GET}`));
  }
  const key = `${found.source}\0${found.path}`;
  let pending = cache.get(key);
  if (!pending) {
    pending = probe(found);
    cache.set(key, pending);
    // A failed probe is not remembered: the user may install restic and try again.
    pending.catch(() => cache.delete(key));
  }
  return pending;
}
