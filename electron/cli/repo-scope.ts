// What the repository commands share: the library's repository scope, with the
// password from --password-file, BACKBEAT_REPO_PASSWORD_FILE, or typed on a terminal
// (never echoed, never in argv or output).
import { ContractError } from '../../shared/errors';
import {
  PASSWORD_FILE_ENV,
  passwordFileFrom,
  type RepoPassword,
  type RepoScope,
  secretPassword,
} from '../engine/app/use-cases/repository';
import { UsageError } from './args';
import { cliDataDir } from './data-dir';
import type { Invocation } from './invocation';

/** Flags every repository command takes besides the common ones. */
export const REPO_FLAGS = ['repo', 'password-file', 'data-dir'] as const;

export function cliPassword(inv: Invocation, confirmNew: boolean): () => Promise<RepoPassword> {
  return async () => {
    const fromFile = passwordFileFrom(inv.value('password-file'), inv.io.env);
    if (fromFile) return fromFile;
    if (!inv.io.stdinIsTTY) {
      throw new UsageError(
        `No repository password: pass --password-file FILE or set ${PASSWORD_FILE_ENV} (a file only you can read), or run on a terminal to type it.`,
      );
    }
    const ask = (q: string): Promise<string | null> => (inv.io.promptSecret ?? inv.io.prompt)(q);
    const first = await ask('Repository password: ');
    if (first === null) throw new ContractError('cancelled', 'No password given; nothing was changed.');
    if (confirmNew) {
      const again = await ask('Type it again: ');
      if (again !== first)
        throw new ContractError('bad-arguments', 'The two passwords differ; nothing was created.');
    }
    return secretPassword(first);
  };
}

export function cliRepoScope(inv: Invocation, options: { confirmNewPassword?: boolean } = {}): RepoScope {
  const repo = inv.value('repo');
  return {
    dataDir: cliDataDir(inv),
    libraryPath: inv.library(),
    env: inv.io.env,
    password: cliPassword(inv, options.confirmNewPassword === true),
    ...(repo !== undefined ? { repo } : {}),
  };
}
