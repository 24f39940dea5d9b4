// The desktop app's SecretStore: secrets encrypted with Electron's safeStorage (the
// system keychain: Keychain on macOS, DPAPI on Windows, libsecret/kwallet on Linux)
// into one blob in the app's data folder, written atomically with mode 0600. When the
// system cannot encrypt (Linux without a keyring, where Electron would fall back to a
// fixed key: "basic_text"), the store says so and refuses: never plain text silently.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ContractError } from '../../shared/errors';
import { tempPathBeside, writeFileAtomic } from '../engine/fs/atomic-file';
import type { SecretName, SecretStore, SecretStoreAvailability } from '../engine/secrets/secret-store';

/** The part of Electron's safeStorage used here (tests pass a fake). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only in Electron; absent elsewhere. */
  getSelectedStorageBackend?(): string;
}

export const SECRETS_FILE = 'secrets.bin';

const NO_KEYRING =
  'This system offers no keychain to encrypt secrets with (on Linux: no GNOME Keyring or KWallet running), ' +
  'so Backbeat will not store them. Choose a password file instead: a file only you can read (chmod 600) ' +
  'that holds the repository password.';

const blobSchema = z.record(z.string(), z.string());

export function safeStorageSecretStore(
  dataDir: string,
  safe: SafeStorageLike,
  platform: NodeJS.Platform = process.platform,
): SecretStore {
  const file = path.join(dataDir, SECRETS_FILE);

  const availability = (): SecretStoreAvailability => {
    if (!safe.isEncryptionAvailable()) return { ok: false, problem: NO_KEYRING };
    // Electron's Linux fallback encrypts with a hard-coded password: as good as plain text.
    if (platform === 'linux' && safe.getSelectedStorageBackend?.() === 'basic_text') {
      return { ok: false, problem: NO_KEYRING };
    }
    return { ok: true };
  };

  const readAll = async (): Promise<Record<string, string>> => {
    let blob: Buffer;
    try {
      blob = await fs.promises.readFile(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new ContractError('io', `Could not read the kept secrets (${file}): ${(err as Error).message}.`);
    }
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(safe.decryptString(blob));
    } catch {
      // Reported below; the content is never shown.
    }
    const result = blobSchema.safeParse(parsed);
    if (!result.success) {
      throw new ContractError(
        'corrupt',
        `The kept secrets in ${file} cannot be decrypted (another user's keychain, or a damaged file). ` +
          'Remove that file and enter the passwords again.',
      );
    }
    return result.data;
  };

  const writeAll = async (all: Record<string, string>): Promise<void> => {
    const blob = safe.encryptString(JSON.stringify(all));
    await fs.promises.mkdir(dataDir, { recursive: true });
    await writeFileAtomic(file, tempPathBeside(file), blob, { mode: 0o600 });
  };

  // One change at a time: two saves racing would each write back what they read.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  const requireAvailable = (): void => {
    const a = availability();
    if (!a.ok) throw new ContractError('not-applicable', a.problem);
  };

  return {
    availability,
    get: async (name: SecretName) => {
      if (!availability().ok) return null;
      return (await readAll())[name] ?? null;
    },
    set: (name: SecretName, value: string) =>
      serial(async () => {
        requireAvailable();
        const all = await readAll();
        all[name] = value;
        await writeAll(all);
      }),
    delete: (name: SecretName) =>
      serial(async () => {
        if (!availability().ok || !fs.existsSync(file)) return;
        const all = await readAll();
        if (!(name in all)) return;
        delete all[name];
        await writeAll(all);
      }),
  };
}
