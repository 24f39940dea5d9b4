// The OS timer as the desktop app can offer it. The timer runs the CLI
// (`bin/backbeat.js schedule run`) under Node.js: Electron's own binary is not a Node
// the timer could start without extra environment, so a `node` on PATH is needed, and
// the launcher must exist (it does in a checkout; a packaged app has none).
import fs from 'node:fs';
import path from 'node:path';
import { osTimerEnvFromProcess } from '../engine/schedule/os-timer/os-timer';
import type { OsTimerSetup } from '../engine/app/service-os-timer';

/** The first `node` (node.exe on Windows) on PATH, or null. */
export function findNodeOnPath(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string | null {
  const names = platform === 'win32' ? ['node.exe'] : ['node'];
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const name of names) {
      const candidate = path.join(dir, name);
      try {
        if (fs.statSync(candidate).isFile()) return candidate;
      } catch {
        // not here
      }
    }
  }
  return null;
}

/** null where this platform has no timer Backbeat knows (the screen then says so). */
export function desktopOsTimerSetup(binPath: string): OsTimerSetup | null {
  let env;
  try {
    env = osTimerEnvFromProcess();
  } catch {
    return null;
  }
  if (!fs.existsSync(binPath)) {
    return { env, nodePath: null, binPath, unavailable: `the command-line launcher is missing (${binPath})` };
  }
  const nodePath = findNodeOnPath(process.env, process.platform);
  if (!nodePath) {
    return {
      env,
      nodePath: null,
      binPath,
      unavailable: 'Node.js, which the timer runs, was not found on PATH',
    };
  }
  return { env, nodePath, binPath };
}
