// One library, its audio tree, data folder and password for the repository bench
// (repo-bench.ts): the engine's scope for it and the whole `backbeat` process on it.
import fs from 'node:fs';
import path from 'node:path';
import type { RepoScope } from '../electron/engine/repository/operations';
import { updateLibraryRepoConfig } from '../electron/engine/repository/repo-config';
import { checkPasswordFile } from '../electron/engine/repository/repo-password';
import { timedRun } from './audio-tree';

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'backbeat.js');
const GNU_TIME = '/usr/bin/time';

export function count(n: number): string {
  return n.toLocaleString('en-US');
}

export function kb(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / 1024 / 1024} MB` : `${bytes / 1024} KB`;
}

export interface World {
  cache: string;
  music: string;
  libraryPath: string;
  dataDir: string;
  passwordFile: string;
  env: NodeJS.ProcessEnv;
  scope(repo: string): RepoScope;
  /** The whole `backbeat <args> --json` process for this library; its time and JSON. */
  cli(args: string[], repo?: string): { seconds: number; json: unknown };
  /**
   * The same under GNU time, which also gives the peak resident memory of the largest
   * process of the run (Backbeat's own or the restic it waited for); null without it.
   */
  cliWithPeakMemory(
    args: string[],
    repo?: string,
  ): { seconds: number; json: unknown; peakRssMb: number } | null;
}

export function makeWorld(cache: string, name: string, resticPath: string): World {
  const dir = path.join(cache, name);
  const music = path.join(dir, 'music');
  const dataDir = path.join(dir, 'data');
  const passwordFile = path.join(dir, 'password');
  fs.mkdirSync(music, { recursive: true });
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(passwordFile, 'bench password, not a secret\n', { mode: 0o600 });
  const libraryPath = path.join(dir, 'library.db');
  const env = { ...process.env, BACKBEAT_RESTIC: resticPath, BACKBEAT_DATA_DIR: dataDir };
  return {
    cache: dir,
    music,
    libraryPath,
    dataDir,
    passwordFile,
    env,
    scope: (repo) => ({
      dataDir,
      libraryPath,
      env,
      repo,
      password: () => Promise.resolve(checkPasswordFile(passwordFile)),
    }),
    cli(args, repo) {
      const run = timedRun(process.execPath, cliArgs(args, repo), env);
      return { seconds: run.seconds, json: JSON.parse(run.stdout) as unknown };
    },
    cliWithPeakMemory(args, repo) {
      if (!fs.existsSync(GNU_TIME)) return null;
      const out = path.join(dir, 'peak-memory.txt');
      // %M is the largest resident set of the process and of the children it waited for
      // (Linux's wait4 reports the maximum over them), so restic's own peak is counted.
      const run = timedRun(GNU_TIME, ['-o', out, '-f', '%M', process.execPath, ...cliArgs(args, repo)], env);
      const kbytes = Number(fs.readFileSync(out, 'utf8').trim().split('\n').pop());
      return { seconds: run.seconds, json: JSON.parse(run.stdout) as unknown, peakRssMb: kbytes / 1024 };
    },
  };

  function cliArgs(args: string[], repo?: string): string[] {
    const all = [BIN, ...args, '--library', libraryPath, '--data-dir', dataDir];
    all.push('--password-file', passwordFile, '--json');
    if (repo) all.push('--repo', repo);
    return all;
  }
}

/** The audio folders snapshots hold: exactly the tree's root. */
export async function setFolders(w: World, folders: string[]): Promise<void> {
  await updateLibraryRepoConfig(w.dataDir, w.libraryPath, (c) => ({
    ...c,
    folders: folders.map((p) => ({ path: p, excludes: [] })),
  }));
}
