// `backbeat serve [--library DB] [--port N] [--no-open]`: the app in a browser, served
// on 127.0.0.1 with a per-launch token, until Ctrl-C (or SIGTERM).
import fs from 'node:fs';
import path from 'node:path';
import { defaultDataDir } from '../../engine/app/use-cases/folders';
import { DEFAULT_RENDERER_DIR, startBrowserMode } from '../../host/browser-mode';
import { openInBrowser } from '../../host/open-browser';
import type { Io } from '../io';
import { cliOsTimerEnv } from '../os-timer-env';
import { launcherPath } from './schedule';
import type { CommandSpec } from '../invocation';

function untilInterrupted(io: Io): Promise<void> {
  return new Promise((resolve) => {
    const stop = io.onInterrupt(() => {
      stop();
      resolve();
    });
  });
}

export const serveCommand: CommandSpec = {
  name: 'serve',
  synopsis: 'serve [--library DB] [--port N] [--no-open]',
  flags: ['port', 'no-open'],
  async run(inv) {
    const port = inv.count('port', 0, 65_535);
    if (!fs.existsSync(path.join(DEFAULT_RENDERER_DIR, 'index.html'))) {
      inv.note(`The app's pages are not built (${DEFAULT_RENDERER_DIR}); run \`npm run build\` first.`);
    }
    const running = await startBrowserMode({
      dataDir: defaultDataDir(inv.io.env),
      appVersion: inv.appVersion,
      rendererDir: DEFAULT_RENDERER_DIR,
      // The timer runs this node and this launcher, as `backbeat schedule install` would.
      osTimer: { env: cliOsTimerEnv(inv.io.env), nodePath: process.execPath, binPath: launcherPath() },
      ...(port !== undefined ? { port } : {}),
    });
    try {
      // Chosen before the address is printed, so the first page load already shows it.
      const library = inv.libraryOrNull();
      if (library) await running.service.setLibrary({ path: library });
      const backupDir = inv.backupDirOrNull();
      if (backupDir) await running.service.setBackupDir({ path: backupDir });
      const { url, port: actualPort } = running.host;
      // The address alone on its own line, so people and scripts can pick it up.
      inv.io.stdout(inv.json ? `${JSON.stringify({ url, port: actualPort })}\n` : `${url}\n`);
      inv.note('Backbeat is running at the address above. Press Ctrl-C to stop.');
      if (!inv.has('no-open')) openInBrowser(url);
      await untilInterrupted(inv.io);
      inv.note('Stopping...');
    } finally {
      await running.stop();
    }
    return 0;
  },
};
