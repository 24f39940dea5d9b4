// Destinations of a library's repository: add (creating the copy's repository with the
// local one's chunker parameters, so deduplication carries over), list and remove.
// Kept in the repository settings (repository.json, written atomically), never with a
// secret: only the location, restic options and the paths of private files.
import { ContractError } from '../../../shared/errors';
import type {
  DestinationAddResult,
  DestinationEntry,
  DestinationTestResult,
} from '../../../shared/destination-types';
import { scopeRepoOrExplain, type RepoScope } from '../repository/operations';
import {
  readLibraryRepoConfig,
  updateLibraryRepoConfig,
  type DestinationConfig,
} from '../repository/repo-config';
import { findRestic } from '../repository/restic-discovery';
import { ResticExitError, runResticSerialized } from '../repository/restic-runner';
import { checkPrivateFile, fromPasswordEnv } from './credentials';
import { checkOption, destAccess, destinationError, runOptions } from './dest-access';
import { destinationHealth } from './health';
import { checkDestinationName, checkFolderDestination, parseLocation } from './location';
import { assertReachable } from './reachability';
import { watched } from './watchdog';

export interface DestScope extends RepoScope {
  /** The destination's own password file (--dest-password-file); else its saved one, else the repository's. */
  destPasswordFile?: string;
  /** The clock, for lastCopy and health (tests pass their own). */
  now?: () => Date;
  /** How long restic may make no progress before a copy is stopped (watchdog.ts); tests shorten it. */
  idleMs?: number;
}

export interface AddDestinationInput {
  name: string;
  location: string;
  options?: readonly string[];
  credentialsFile?: string;
  cwd?: string;
}

export function destinationsOf(scope: RepoScope): DestinationConfig[] {
  return readLibraryRepoConfig(scope.dataDir, scope.libraryPath).destinations ?? [];
}

/** How many destinations a library has; 0 when its settings cannot be read (the OS timer's cadence asks). */
export function destinationCountOf(dataDir: string, libraryPath: string): number {
  try {
    return readLibraryRepoConfig(dataDir, libraryPath).destinations?.length ?? 0;
  } catch {
    return 0;
  }
}

export function findDestination(scope: RepoScope, name: string): DestinationConfig {
  const list = destinationsOf(scope);
  const dest = list.find((d) => d.name === name);
  if (!dest) {
    const names = list.map((d) => `"${d.name}"`).join(', ');
    throw new ContractError(
      'not-found',
      list.length === 0
        ? `This library has no destination "${name}"; it has none yet. Add one with "backbeat dest add NAME LOCATION".`
        : `This library has no destination "${name}"; it has ${names}.`,
    );
  }
  return dest;
}

export function destinationEntry(d: DestinationConfig, now: Date): DestinationEntry {
  return {
    name: d.name,
    location: d.location,
    kind: parseLocation(d.location).kind,
    lastCopy: d.lastCopy,
    health: destinationHealth(d, now),
    size: d.size,
    lastCheck: d.lastCheck,
    copyEveryHours: d.copyEveryHours,
  };
}

export function listDestinations(scope: DestScope): DestinationEntry[] {
  const now = (scope.now ?? (() => new Date()))();
  return destinationsOf(scope).map((d) => destinationEntry(d, now));
}

function localRepoOf(scope: RepoScope): string {
  return scopeRepoOrExplain(
    scope,
    ', so there is nothing to copy. Create one with "backbeat repo init --repo PATH".',
  );
}

/**
 * Adds a destination: checks it, reaches it, and creates its repository from the local
 * one's chunker parameters (or adopts a repository already there that the password
 * opens). Only then is it saved; a failure saves nothing.
 */
export async function addDestination(
  scope: DestScope,
  input: AddDestinationInput,
  signal?: AbortSignal,
): Promise<DestinationAddResult> {
  const name = checkDestinationName(input.name);
  const parsed = parseLocation(input.location, input.cwd);
  const options = (input.options ?? []).map(checkOption);
  const credentialsFile = input.credentialsFile
    ? checkPrivateFile(input.credentialsFile, 'credentials file')
    : null;
  const passwordFile = scope.destPasswordFile
    ? checkPrivateFile(scope.destPasswordFile, 'destination password file')
    : null;
  const existing = destinationsOf(scope);
  if (existing.some((d) => d.name === name)) {
    throw new ContractError('bad-arguments', `There is already a destination called "${name}".`);
  }
  const same = existing.find((d) => d.location === parsed.location);
  if (same)
    throw new ContractError('bad-arguments', `Destination "${same.name}" is already ${parsed.location}.`);
  const localRepo = localRepoOf(scope);
  if (parsed.kind === 'folder') checkFolderDestination(parsed.location, localRepo);

  const restic = await findRestic(scope.env);
  const localPassword = await scope.password();
  const config: DestinationConfig = {
    name,
    location: parsed.location,
    options,
    credentialsFile,
    passwordFile,
    lastCopy: null,
    size: null,
    pruned: [],
    lastCheck: null,
    copyEveryHours: null,
  };
  const d = await destAccess(restic, config, () => Promise.resolve(localPassword), undefined, scope.secrets);
  await assertReachable(name, parsed, options);
  const opts = signal ? { signal } : {};
  // Watched (watchdog.ts): refused keys stop restic at its first retry, not after minutes.
  const created = await watched(d, 'set-up', options, signal, { resumable: false }, async (wd) => {
    const run = (args: string[], env: Record<string, string> = {}) =>
      runResticSerialized(
        d.access,
        [...d.optionArgs, ...args],
        runOptions(d, { signal: wd.signal, onWarning: wd.onWarning, env }),
      );
    try {
      // Adopted when a repository is already there and the password opens it.
      await run(['cat', 'config']);
      return false;
    } catch (err) {
      if (!(err instanceof ResticExitError) || err.exitCode !== 10) throw err;
    }
    const init = ['init', '--repository-version', '2', '--from-repo', localRepo, '--copy-chunker-params'];
    await run(init, fromPasswordEnv(localPassword));
    return true;
  });
  // The local password must open the local repository too (init --from-repo proved it
  // when creating); checked here for an adopted one, so a later copy cannot fail on it.
  if (!created) {
    await runResticSerialized({ restic, repo: localRepo, password: localPassword }, ['cat', 'config'], opts);
  }
  await updateLibraryRepoConfig(scope.dataDir, scope.libraryPath, (c) => ({
    ...c,
    destinations: [...(c.destinations ?? []), config],
  }));
  return { destination: destinationEntry(config, (scope.now ?? (() => new Date()))()), created };
}

/**
 * Tests a saved destination: reachable, and its repository opens with its password
 * (restic cat config). Never throws for the destination's own failures: the answer
 * says what is wrong, in a sentence.
 */
export async function testDestination(
  scope: DestScope,
  name: string,
  signal?: AbortSignal,
): Promise<DestinationTestResult> {
  const dest = findDestination(scope, name);
  const restic = await findRestic(scope.env);
  const d = await destAccess(restic, dest, scope.password, scope.destPasswordFile, scope.secrets);
  try {
    await assertReachable(name, d.parsed, dest.options);
    await watched(d, 'test', dest.options, signal, { resumable: false }, (wd) =>
      runResticSerialized(
        d.access,
        [...d.optionArgs, 'cat', 'config'],
        runOptions(d, { signal: wd.signal, onWarning: wd.onWarning }),
      ),
    );
  } catch (err) {
    const e = destinationError(d, err);
    if (e instanceof ContractError && e.code !== 'cancelled') return { name, ok: false, message: e.message };
    throw e;
  }
  return { name, ok: true, message: `Destination "${name}" is reachable and its repository opens.` };
}

/** Forgets a destination; its copy stays where it is (removing it is the user's call). */
export async function removeDestination(scope: DestScope, name: string): Promise<DestinationEntry> {
  const dest = findDestination(scope, name);
  await updateLibraryRepoConfig(scope.dataDir, scope.libraryPath, (c) => ({
    ...c,
    destinations: (c.destinations ?? []).filter((d) => d.name !== name),
  }));
  return destinationEntry(dest, (scope.now ?? (() => new Date()))());
}

/** Changes one saved destination (the settings file is rewritten atomically, as a whole). */
async function updateDestination(
  scope: DestScope,
  name: string,
  change: (d: DestinationConfig) => DestinationConfig,
): Promise<void> {
  await updateLibraryRepoConfig(scope.dataDir, scope.libraryPath, (c) => ({
    ...c,
    destinations: (c.destinations ?? []).map((d) => (d.name === name ? change(d) : d)),
  }));
}

/**
 * Records a finished copy's time and, when measured, the destination's size: both in
 * one atomic write, so a size never belongs to another copy than the one listed.
 */
export async function recordCopy(
  scope: DestScope,
  name: string,
  at: Date,
  size: number | undefined,
  localIds: ReadonlySet<string>,
): Promise<void> {
  await updateDestination(scope, name, (d) => ({
    ...d,
    lastCopy: at.toISOString(),
    ...(size !== undefined ? { size } : {}),
    pruned: d.pruned.filter((id) => localIds.has(id)),
  }));
}

/** After a prune: what it removed there (never copied again) and the size it left. */
export async function recordPrune(
  scope: DestScope,
  name: string,
  removedLocalIds: readonly string[],
  size: number | undefined,
): Promise<void> {
  await updateDestination(scope, name, (d) => ({
    ...d,
    pruned: [...new Set([...d.pruned, ...removedLocalIds])],
    ...(size !== undefined ? { size } : {}),
  }));
}

/** Sets (or, with null, switches off) a destination's own copy schedule. */
export async function setDestinationSchedule(
  scope: DestScope,
  name: string,
  everyHours: number | null,
): Promise<DestinationEntry> {
  findDestination(scope, name);
  if (everyHours !== null && (!Number.isInteger(everyHours) || everyHours < 1 || everyHours > 720)) {
    throw new ContractError('bad-arguments', 'Copy every whole number of hours, from 1 to 720 (30 days).');
  }
  await updateDestination(scope, name, (d) => ({ ...d, copyEveryHours: everyHours }));
  return destinationEntry(findDestination(scope, name), (scope.now ?? (() => new Date()))());
}

export async function recordCheck(
  scope: DestScope,
  name: string,
  check: NonNullable<DestinationConfig['lastCheck']>,
): Promise<void> {
  await updateDestination(scope, name, (d) => ({ ...d, lastCheck: check }));
}

export { localRepoOf };
