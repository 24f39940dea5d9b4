// Browser mode in-process: the real service plus the loopback host, for `npm start`
// where the Electron binary is missing. Nothing is created on start: the first run
// shows the welcome screen, whose "Try the demo library" makes the demo library.
import path from 'node:path';
import { createBackbeatService } from '../engine/app/service';
import type { BackbeatService } from '../engine/app/service';
import type { OsTimerSetup } from '../engine/app/service-os-timer';
import { startBrowserHost } from './server';
import type { BrowserHost } from './server';

export interface BrowserModeOptions {
  dataDir: string;
  appVersion: string;
  rendererDir: string;
  port?: number;
  /** Lets the Schedule screen install the OS timer; without it, it says it cannot. */
  osTimer?: OsTimerSetup | null;
}

export interface RunningBrowserMode {
  host: BrowserHost;
  service: BackbeatService;
  /** Closes the host (ending event streams), then lets running jobs cancel cleanly. */
  stop(): Promise<void>;
}

/** dist/renderer, seen from dist/electron/host/. */
export const DEFAULT_RENDERER_DIR = path.join(__dirname, '..', '..', 'renderer');

export async function startBrowserMode(options: BrowserModeOptions): Promise<RunningBrowserMode> {
  const service = createBackbeatService({
    dataDir: options.dataDir,
    appVersion: options.appVersion,
    mode: 'browser',
    osTimer: options.osTimer ?? null,
  });
  let host: BrowserHost;
  try {
    host = await startBrowserHost({
      service,
      rendererDir: options.rendererDir,
      ...(options.port !== undefined ? { port: options.port } : {}),
    });
  } catch (err) {
    await service.dispose();
    throw err;
  }
  let stopping: Promise<void> | null = null;
  return {
    host,
    service,
    stop() {
      stopping ??= host.close().finally(() => service.dispose());
      return stopping;
    },
  };
}
