// Where the desktop app keeps the repository password and destinations' credentials.
// The engine sees only this interface: the Electron shell injects one backed by
// safeStorage (electron/main/safe-storage-secrets.ts); the CLI and browser mode use
// files the user owns (file-secret-store.ts), as before. A store that cannot keep a
// secret safely says so and refuses it: nothing is ever written in plain text.

/** The repository password, and a destination's own password or its credentials (KEY=VALUE lines). */
export type SecretName = 'repo-password' | `dest-password:${string}` | `dest-credentials:${string}`;

export type SecretStoreAvailability = { ok: true } | { ok: false; problem: string };

export interface SecretStore {
  /** Whether secrets can be kept here; when not, a sentence saying why and what to do instead. */
  availability(): SecretStoreAvailability;
  /** The secret, or null when none is kept (or the store is unavailable). */
  get(name: SecretName): Promise<string | null>;
  /** Keeps a secret; a ContractError (not-applicable) with the availability sentence when it cannot. */
  set(name: SecretName, value: string): Promise<void>;
  /** Forgets a secret; forgetting one that is not there is fine. */
  delete(name: SecretName): Promise<void>;
}

export const REPO_PASSWORD_SECRET: SecretName = 'repo-password';

export function destPasswordSecret(dest: string): SecretName {
  return `dest-password:${dest}`;
}

export function destCredentialsSecret(dest: string): SecretName {
  return `dest-credentials:${dest}`;
}
