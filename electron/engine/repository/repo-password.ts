// The repository password, and how it reaches restic without ever being in argv,
// logs, settings or error messages.
//
// Sources: a password file (--password-file or BACKBEAT_REPO_PASSWORD_FILE), refused
// when anyone but its owner can read or write it; else whatever the caller supplies
// (a prompt on a terminal, Electron's safeStorage). restic gets a file through
// RESTIC_PASSWORD_FILE (the path only), and a typed-in password through the child's
// environment (RESTIC_PASSWORD), which only the same user can read.
import fs from 'node:fs';
import path from 'node:path';
import { ContractError } from '../../../shared/errors';

export type RepoPassword = { kind: 'file'; path: string } | { kind: 'secret'; secret: string };

export const PASSWORD_FILE_ENV = 'BACKBEAT_REPO_PASSWORD_FILE';

/** Checks a password file: it exists, is a file, is not empty and nobody else can read it. */
export function checkPasswordFile(file: string): RepoPassword {
  const resolved = path.resolve(file);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(resolved);
  } catch {
    throw new ContractError('not-found', `The password file ${resolved} does not exist.`);
  }
  if (!stat.isFile())
    throw new ContractError('bad-arguments', `The password file ${resolved} is not a file.`);
  // Windows has no POSIX mode bits worth checking; its ACLs are the user's business.
  if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
    throw new ContractError(
      'bad-arguments',
      `The password file ${resolved} can be read by other users (mode ${(stat.mode & 0o777).toString(8)}). ` +
        `Run: chmod 600 ${resolved}`,
    );
  }
  if (stat.size === 0) throw new ContractError('bad-arguments', `The password file ${resolved} is empty.`);
  return { kind: 'file', path: resolved };
}

/** A password typed by the user: refused when empty. */
export function secretPassword(secret: string): RepoPassword {
  const s = secret.replace(/\r?\n$/, '');
  if (s.length === 0) throw new ContractError('bad-arguments', 'The repository password cannot be empty.');
  return { kind: 'secret', secret: s };
}

/** The environment variables that hand the password to restic; no inherited RESTIC_PASSWORD* survives. */
export function passwordEnv(password: RepoPassword): Record<string, string> {
  return password.kind === 'file'
    ? { RESTIC_PASSWORD_FILE: password.path }
    : { RESTIC_PASSWORD: password.secret };
}

/** The file named by --password-file, else BACKBEAT_REPO_PASSWORD_FILE; null when neither is set. */
export function passwordFileFrom(flag: string | undefined, env: NodeJS.ProcessEnv): RepoPassword | null {
  const file = flag ?? env[PASSWORD_FILE_ENV];
  return file ? checkPasswordFile(file) : null;
}
