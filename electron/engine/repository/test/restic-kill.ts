// Starts restic directly (not through Backbeat) and kill -9s it once its output shows
// `marker`: what a crash or a power cut leaves behind (its lock, a half-written pack).
import { spawn } from 'node:child_process';
import type { ResticBinary } from '../restic-discovery';
import type { RepoWorld } from './repo-fixtures';

export function killResticWhen(
  restic: ResticBinary,
  w: RepoWorld,
  args: string[],
  marker: string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, RESTIC_REPOSITORY: w.repo, RESTIC_PASSWORD_FILE: w.passwordFile };
    const child = spawn(restic.path, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let seen = '';
    const look = (chunk: Buffer): void => {
      seen += chunk.toString();
      if (seen.includes(marker)) child.kill('SIGKILL');
    };
    child.stdout.on('data', look);
    child.stderr.on('data', look);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal === 'SIGKILL') resolve();
      else reject(new Error(`restic ended by itself (code ${code}) before it could be killed: ${seen}`));
    });
  });
}
