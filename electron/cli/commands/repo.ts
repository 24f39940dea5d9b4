// `backbeat repo init [--repo PATH]`: creates the library's restic repository
// (compression on), or adopts an existing one that the password opens.
import fs from 'node:fs';
import path from 'node:path';
import { initRepository } from '../../engine/app/use-cases/repository';
import { UsageError } from '../args';
import type { CommandSpec } from '../invocation';
import { cliRepoScope, REPO_FLAGS } from '../repo-scope';

function sameDisk(a: string, b: string): boolean {
  try {
    return fs.statSync(a).dev === fs.statSync(b).dev;
  } catch {
    return false;
  }
}

export const repoCommand: CommandSpec = {
  name: 'repo',
  synopsis: 'repo init [--repo PATH]',
  flags: REPO_FLAGS,
  positionals: { min: 1, max: 1, label: 'a subcommand: init' },
  async run(inv) {
    const sub = inv.positionals[0];
    if (sub !== 'init')
      throw new UsageError(`Unknown repo subcommand "${sub}". Usage: backbeat repo init [--repo PATH]`);
    const scope = cliRepoScope(inv, { confirmNewPassword: true });
    const result = await initRepository(scope);
    inv.result(result, () =>
      result.created
        ? `Created the repository at ${result.repo} (compressed, encrypted).\n`
        : `Using the existing repository at ${result.repo}.\n`,
    );
    if (!inv.json && path.isAbsolute(result.repo) && sameDisk(result.repo, path.dirname(scope.libraryPath))) {
      inv.note(
        'Note: it is on the same disk as the library. A repository on another disk survives that disk failing.',
      );
    }
    return 0;
  },
};
