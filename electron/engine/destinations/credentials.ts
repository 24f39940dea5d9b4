// How a destination's secrets reach restic: only through the child's environment,
// never argv, settings, logs or messages. Sources: the user's own environment (S3 keys
// as AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY pass through untouched), or a private
// KEY=VALUE credentials file, refused when its group or others can read it, whose
// path (not content) is kept with the destination.
import fs from 'node:fs';
import path from 'node:path';
import { ContractError } from '../../../shared/errors';
import type { RepoPassword } from '../repository/repo-password';

export const CREDENTIALS_FILE_ENV = 'BACKBEAT_DEST_CREDENTIALS_FILE';
export const DEST_PASSWORD_FILE_ENV = 'BACKBEAT_DEST_PASSWORD_FILE';

/** The variables a credentials file may set: what restic's back ends read, nothing else. */
const ALLOWED = new Set([
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_DEFAULT_REGION',
  'AWS_PROFILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'RESTIC_REST_USERNAME',
  'RESTIC_REST_PASSWORD',
  'RCLONE_CONFIG',
  'RCLONE_CONFIG_PASS',
  // A server's own certificate (a self-signed one at home): a path, for restic's TLS.
  'RESTIC_CACERT',
]);

/** Checks that a file exists, is a file and only its owner can read it; returns its absolute path. */
export function checkPrivateFile(file: string, what: string): string {
  const resolved = path.resolve(file);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(resolved);
  } catch {
    throw new ContractError('not-found', `The ${what} ${resolved} does not exist.`);
  }
  if (!stat.isFile()) throw new ContractError('bad-arguments', `The ${what} ${resolved} is not a file.`);
  if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
    throw new ContractError(
      'bad-arguments',
      `The ${what} ${resolved} can be read by other users (mode ${(stat.mode & 0o777).toString(8)}). Run: chmod 600 ${resolved}`,
    );
  }
  return resolved;
}

/** Reads a credentials file into environment variables; a bad line is named by number, never shown. */
export function readCredentialsFile(file: string): Record<string, string> {
  const resolved = checkPrivateFile(file, 'credentials file');
  return parseCredentials(fs.readFileSync(resolved, 'utf8'), `the credentials file ${resolved}`);
}

/** KEY=VALUE lines (a file's, or the ones kept in the app's secret store) into variables. */
export function parseCredentials(text: string, where: string): Record<string, string> {
  const env: Record<string, string> = {};
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const m = /^(?:export\s+)?([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line);
    if (!m) {
      throw new ContractError('bad-arguments', `Line ${i + 1} of ${where} is not KEY=VALUE.`);
    }
    const key = checkCredentialName(m[1]!, `Line ${i + 1} of ${where}`);
    env[key] = m[2]!.replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1');
  });
  return env;
}

/** Refuses a variable restic's back ends do not read (nothing else may be smuggled into its environment). */
export function checkCredentialName(key: string, who: string): string {
  if (!ALLOWED.has(key)) {
    throw new ContractError(
      'bad-arguments',
      `${who} sets ${key}; only ${[...ALLOWED].join(', ')} are allowed.`,
    );
  }
  return key;
}

/** The environment that gives restic the *source* repository's password (for copy and init --from-repo). */
export function fromPasswordEnv(password: RepoPassword): Record<string, string> {
  return password.kind === 'file'
    ? { RESTIC_FROM_PASSWORD_FILE: password.path }
    : { RESTIC_FROM_PASSWORD: password.secret };
}
