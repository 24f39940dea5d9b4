// The contract's secret methods, for service.ts to spread into its handlers. The
// desktop app injects a safeStorage-backed store; in browser mode the file store
// refuses (secrets stay in the files the user names). No method returns a secret.
import type { MethodArgs, MethodResult } from '../../../shared/contract';
import { ContractError } from '../../../shared/errors';
import { refuseWrongPassword } from '../repository/password-check';
import { checkPasswordFile, secretPassword } from '../repository/repo-password';
import { savePasswordFileChoice } from './password-file-choice';
import type { SecretStore } from './secret-store';
import { saveDestSecrets, saveRepoPassword } from './stored-secrets';

type SecretMethod = 'setRepositoryPassword' | 'setDestinationSecrets';

export type SecretHandlers = { [M in SecretMethod]: (args: MethodArgs<M>) => Promise<MethodResult<M>> };

export interface SecretHandlerDeps {
  dataDir: string;
  store: SecretStore;
  /** The open library, whose repository a new password must open (null: none open, nothing to check). */
  library: { libraryPath: string; env: NodeJS.ProcessEnv } | null;
}

export function secretHandlers(getDeps: () => SecretHandlerDeps): SecretHandlers {
  return {
    setRepositoryPassword: async (args) => {
      const { dataDir, store, library } = getDeps();
      // A password that does not open the repository already there is refused, never kept.
      const scope = library ? { dataDir, ...library } : null;
      if ('passwordFile' in args) {
        const checked = checkPasswordFile(args.passwordFile);
        if (scope) await refuseWrongPassword(scope, checked, 'password file');
        await savePasswordFileChoice(dataDir, args.passwordFile);
        return { keptIn: 'password-file' };
      }
      // Never stored in plain text: an unavailable store refuses, saying to use a file.
      if (scope && store.availability().ok) {
        await refuseWrongPassword(scope, secretPassword(args.password), 'password');
      }
      await saveRepoPassword(store, args.password);
      return { keptIn: 'keychain' };
    },
    setDestinationSecrets: async ({ name, password, credentials }) => {
      if (password === undefined && credentials === undefined) {
        throw new ContractError('bad-arguments', 'Give a password, credentials or both.');
      }
      await saveDestSecrets(getDeps().store, name, {
        ...(password !== undefined ? { password } : {}),
        ...(credentials !== undefined ? { credentials } : {}),
      });
      return { keptIn: 'keychain' };
    },
  };
}
