// Whether a password opens the library's repository, asked of restic (`cat config`, which
// reads only the repository's small config file, so it is quick even on a remote one).
// Used before a password is kept (a wrong one is never stored) and by the readiness check
// (a kept password that no longer opens the repository is said as wrong, so the app asks).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { ContractError } from '../../../shared/errors';
import { readLibraryRepoConfig } from './repo-config';
import type { RepoPassword } from './repo-password';
import { findRestic } from './restic-discovery';
import { ResticExitError, runResticSerialized } from './restic-runner';

export type PasswordVerdict = 'opens' | 'wrong' | 'no-repository' | 'unknown';

/** Passwords known to open a repository, by repository and a hash of the password (never the password). */
const opened = new Set<string>();

function fingerprint(repo: string, password: RepoPassword): string {
  const h = createHash('sha256').update(repo).update('\0');
  if (password.kind === 'secret') return h.update(`secret\0${password.secret}`).digest('hex');
  // A password file is read again when it changes (size or time), so an edited file is re-checked.
  let stamp = 'missing';
  try {
    const st = fs.statSync(password.path);
    stamp = `${st.size}:${st.mtimeMs}`;
  } catch {
    // Reported by restic below.
  }
  return h.update(`file\0${password.path}\0${stamp}`).digest('hex');
}

/** The library's repository (null when none is set) and whether `password` opens it. */
export async function checkRepoPassword(
  scope: { dataDir: string; libraryPath: string; env: NodeJS.ProcessEnv },
  password: RepoPassword,
): Promise<{ repo: string | null; verdict: PasswordVerdict }> {
  const repo = readLibraryRepoConfig(scope.dataDir, scope.libraryPath).repo;
  if (!repo) return { repo: null, verdict: 'no-repository' };
  const key = fingerprint(repo, password);
  if (opened.has(key)) return { repo, verdict: 'opens' };
  try {
    const restic = await findRestic(scope.env);
    await runResticSerialized({ restic, repo, password }, ['cat', 'config']);
    opened.add(key);
    return { repo, verdict: 'opens' };
  } catch (err) {
    if (err instanceof ResticExitError && err.exitCode === 12) return { repo, verdict: 'wrong' };
    if (err instanceof ResticExitError && err.exitCode === 10) return { repo, verdict: 'no-repository' };
    // restic missing, a disk not connected: said elsewhere; the password may well be right.
    return { repo, verdict: 'unknown' };
  }
}

/** Refuses a password that restic says does not open the library's repository. */
export async function refuseWrongPassword(
  scope: { dataDir: string; libraryPath: string; env: NodeJS.ProcessEnv },
  password: RepoPassword,
  what: 'password' | 'password file',
): Promise<void> {
  const { repo, verdict } = await checkRepoPassword(scope, password);
  if (verdict === 'wrong') {
    throw new ContractError(
      'bad-arguments',
      what === 'password'
        ? `That password does not open the repository at ${repo}. Check it (capitals, spaces) and try again.`
        : `The password in that file does not open the repository at ${repo}. Check the file and try again.`,
    );
  }
}
