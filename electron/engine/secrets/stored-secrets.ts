// The engine's side of the secret store: where the repository password and a
// destination's password and credentials come from, in order, and how the app hands
// new ones in. An explicit file (BACKBEAT_REPO_PASSWORD_FILE, a destination's
// credentials or password file) always wins, as in the CLI; the store comes next.
import { ContractError } from '../../../shared/errors';
import { z } from 'zod';
import { checkCredentialName } from '../destinations/credentials';
import {
  checkPasswordFile,
  PASSWORD_FILE_ENV,
  passwordFileFrom,
  secretPassword,
  type RepoPassword,
} from '../repository/repo-password';
import { readPasswordFileChoice } from './password-file-choice';
import {
  destCredentialsSecret,
  destPasswordSecret,
  REPO_PASSWORD_SECRET,
  type SecretStore,
} from './secret-store';
import { parseJsonAs } from '../../../shared/parse-json';

/**
 * The repository password, in order: BACKBEAT_REPO_PASSWORD_FILE; the store; the password
 * file the user chose when the store cannot encrypt; else a sentence saying how to give one.
 */
export function storedRepoPassword(
  env: NodeJS.ProcessEnv,
  store: SecretStore,
  dataDir: string,
): () => Promise<RepoPassword> {
  return async () => {
    const fromFile = passwordFileFrom(undefined, env);
    if (fromFile) return fromFile;
    const available = store.availability();
    if (available.ok) {
      const kept = await store.get(REPO_PASSWORD_SECRET);
      if (kept) return secretPassword(kept);
    }
    const chosen = readPasswordFileChoice(dataDir);
    if (chosen) return checkPasswordFile(chosen);
    throw new ContractError(
      'not-applicable',
      available.ok
        ? 'No repository password: enter it in Backbeat (it is kept encrypted by the system keychain), ' +
            `or set ${PASSWORD_FILE_ENV} to a file only you can read (chmod 600) that holds it.`
        : `No repository password. ${available.problem}`,
    );
  };
}

/** A destination's kept password, or null (then its password file, else the repository's, is used). */
export async function storedDestPassword(store: SecretStore, dest: string): Promise<RepoPassword | null> {
  if (!store.availability().ok) return null;
  const kept = await store.get(destPasswordSecret(dest));
  return kept ? secretPassword(kept) : null;
}

/** A destination's kept credentials as restic's environment variables, or null when none are kept. */
export async function storedDestCredentials(
  store: SecretStore,
  dest: string,
): Promise<Record<string, string> | null> {
  if (!store.availability().ok) return null;
  const kept = await store.get(destCredentialsSecret(dest));
  if (!kept) return null;
  // Damaged is all that is said of it, never what it holds (secrets).
  const credentials = parseJsonAs(credentialsSchema, kept);
  if (!credentials) {
    throw new ContractError(
      'bad-arguments',
      `The credentials kept for destination "${dest}" are damaged; give them again in the Destinations screen.`,
    );
  }
  for (const key of Object.keys(credentials)) checkCredentialName(key, `The credentials kept for "${dest}"`);
  return credentials;
}

// Kept as a JSON object: values may hold any character a key or token can.
const credentialsSchema = z.record(z.string(), z.string());

/** Never hands a secret to a store that cannot keep it safely, whatever that store would do. */
function requireAvailable(store: SecretStore): void {
  const available = store.availability();
  if (!available.ok) throw new ContractError('not-applicable', available.problem);
}

/** Keeps the repository password (refused when empty, or when the store cannot keep it safely). */
export async function saveRepoPassword(store: SecretStore, password: string): Promise<void> {
  const checked = secretPassword(password);
  requireAvailable(store);
  if (checked.kind !== 'secret') throw new Error('unreachable');
  await store.set(REPO_PASSWORD_SECRET, checked.secret);
}

/** Keeps a destination's password and/or credentials; only variables restic's back ends read are taken. */
export async function saveDestSecrets(
  store: SecretStore,
  dest: string,
  secrets: { password?: string; credentials?: Record<string, string> },
): Promise<void> {
  requireAvailable(store);
  if (secrets.credentials) {
    const entries = Object.entries(secrets.credentials);
    for (const [key, value] of entries) {
      checkCredentialName(key, `The credentials for destination "${dest}"`);
      if (value.length === 0) {
        throw new ContractError('bad-arguments', `${key} for destination "${dest}" cannot be empty.`);
      }
    }
    if (entries.length === 0) await store.delete(destCredentialsSecret(dest));
    else await store.set(destCredentialsSecret(dest), JSON.stringify(Object.fromEntries(entries)));
  }
  if (secrets.password !== undefined) {
    const checked = secretPassword(secrets.password);
    if (checked.kind !== 'secret') throw new Error('unreachable');
    await store.set(destPasswordSecret(dest), checked.secret);
  }
}

/** Forgets what is kept for a destination (when it is removed). */
export async function forgetDestSecrets(store: SecretStore, dest: string): Promise<void> {
  await store.delete(destPasswordSecret(dest));
  await store.delete(destCredentialsSecret(dest));
}
