// The contract's secret methods, for service.ts to spread into its handlers. The
// desktop app injects a safeStorage-backed store; in browser mode the file store
// refuses (secrets stay in the files the user names). No method returns a secret.
import type { MethodArgs, MethodResult } from '../../../shared/contract';
import { ContractError } from '../../../shared/errors';
import { savePasswordFileChoice } from './password-file-choice';
import type { SecretStore } from './secret-store';
import { saveDestSecrets, saveRepoPassword } from './stored-secrets';

type SecretMethod = 'setRepositoryPassword' | 'setDestinationSecrets';

export type SecretHandlers = { [M in SecretMethod]: (args: MethodArgs<M>) => Promise<MethodResult<M>> };

export interface SecretHandlerDeps {
  dataDir: string;
  store: SecretStore;
}

export function secretHandlers(getDeps: () => SecretHandlerDeps): SecretHandlers {
  return {
    setRepositoryPassword: async (args) => {
      const { dataDir, store } = getDeps();
      if ('passwordFile' in args) {
        await savePasswordFileChoice(dataDir, args.passwordFile);
        return { keptIn: 'password-file' };
      }
      // Never stored in plain text: an unavailable store refuses, saying to use a file.
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
