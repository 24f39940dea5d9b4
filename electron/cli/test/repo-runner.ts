// Runs `backbeat` in-process through main() on a repository test world (repo-fixtures):
// its library, a real restic and the world's password file, and its data folder.
import type { RepoWorld } from '../../engine/repository/test/repo-fixtures';
import { main } from '../main';
import { fakeIo } from './fake-io';

export function runner(w: RepoWorld, resticPath: string) {
  const env = {
    BACKBEAT_LIBRARY: w.libraryPath,
    BACKBEAT_RESTIC: resticPath,
    BACKBEAT_REPO_PASSWORD_FILE: w.passwordFile,
    PATH: process.env.PATH ?? '',
  };
  return async (argv: string[], extraEnv: NodeJS.ProcessEnv = {}) => {
    const io = fakeIo({ env: { ...env, ...extraEnv } });
    const code = await main([...argv, '--data-dir', w.dataDir], io);
    return { code, out: io.out, err: io.err };
  };
}
