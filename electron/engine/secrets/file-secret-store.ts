// The CLI's and browser mode's store: secrets stay in files the user owns and names
// (BACKBEAT_REPO_PASSWORD_FILE or --password-file, a destination's --credentials-file,
// BACKBEAT_DEST_PASSWORD_FILE), read where they are needed, exactly as before. Backbeat
// keeps no copy of its own here, so this store holds nothing and refuses to take one.
import { ContractError } from '../../../shared/errors';
import type { SecretStore, SecretStoreAvailability } from './secret-store';

const PROBLEM =
  'Outside the desktop app Backbeat keeps no secrets itself: put the repository password in a file only you can read ' +
  '(chmod 600) and name it with BACKBEAT_REPO_PASSWORD_FILE, and give a destination its --credentials-file.';

export function fileSecretStore(): SecretStore {
  const availability = (): SecretStoreAvailability => ({ ok: false, problem: PROBLEM });
  return {
    availability,
    get: () => Promise.resolve(null),
    set: () => Promise.reject(new ContractError('not-applicable', PROBLEM)),
    delete: () => Promise.resolve(),
  };
}
