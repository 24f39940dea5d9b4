// The app's data folder as the schedule and status commands see it: --data-dir, else
// BACKBEAT_DATA_DIR, else the platform default. The flag exists for the OS timer,
// which starts with a bare environment: `schedule install` writes it into the timer's
// command whenever the folder is not the default, so the timer reads the same config.
import path from 'node:path';
import { defaultDataDir } from '../engine/app/use-cases/folders';
import type { Invocation } from './invocation';

export function cliDataDir(inv: Invocation): string {
  const flag = inv.value('data-dir');
  return flag ? path.resolve(flag) : defaultDataDir(inv.io.env);
}

/**
 * What the timer's command must carry to find this data folder: nothing when a bare
 * environment (no BACKBEAT_DATA_DIR, no XDG_CONFIG_HOME) resolves to the same folder.
 */
export function dataDirArgs(inv: Invocation): string[] {
  const dir = cliDataDir(inv);
  return dir === defaultDataDir({}) ? [] : ['--data-dir', dir];
}
