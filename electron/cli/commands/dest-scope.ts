// What dest, copy and recover share: the destination's own password file and the
// credentials file, each from a flag or the environment. Only paths of private files
// (checked by the engine: refused when others can read them); a secret itself is never
// taken from the command line, where other users could read it.
import {
  CREDENTIALS_FILE_ENV,
  DEST_PASSWORD_FILE_ENV,
  type DestScope,
} from '../../engine/app/use-cases/destinations';
import type { Invocation } from '../invocation';
import { cliRepoScope, REPO_FLAGS } from '../repo-scope';

export const DEST_FLAGS = [...REPO_FLAGS, 'dest-password-file'] as const;

export function destPasswordFileOf(inv: Invocation): string | undefined {
  return inv.value('dest-password-file') ?? (inv.io.env[DEST_PASSWORD_FILE_ENV] || undefined);
}

export function credentialsFileOf(inv: Invocation): string | undefined {
  return inv.value('credentials-file') ?? (inv.io.env[CREDENTIALS_FILE_ENV] || undefined);
}

export function cliDestScope(inv: Invocation): DestScope {
  const destPasswordFile = destPasswordFileOf(inv);
  return { ...cliRepoScope(inv), ...(destPasswordFile ? { destPasswordFile } : {}) };
}
