// Starts a browser host over a given bridge and a throwaway renderer folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BackbeatBridge } from '../../../shared/contract';
import { startBrowserHost } from '../server';
import type { BrowserHost } from '../server';

export interface HostFixture {
  host: BrowserHost;
  /** Temp folder holding `renderer/` (the served root) and files beside it. */
  tempDir: string;
  rendererDir: string;
  dispose(): Promise<void>;
}

export const INDEX_HTML =
  '<!doctype html><title>Backbeat test page</title><script src="/assets/app.js"></script>';

export async function startTestHost(
  service: BackbeatBridge,
  options: { withRenderer?: boolean } = {},
): Promise<HostFixture> {
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'backbeat-host-test-'));
  const rendererDir = path.join(tempDir, 'renderer');
  if (options.withRenderer !== false) {
    fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(rendererDir, 'index.html'), INDEX_HTML);
    fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log("app");\n');
    fs.writeFileSync(path.join(rendererDir, 'assets', 'app.css'), 'body { color: black; }\n');
  }
  // A file beside the served root that traversal attempts aim for.
  fs.writeFileSync(path.join(tempDir, 'secret.txt'), 'TOP-SECRET\n');
  const host = await startBrowserHost({ service, rendererDir, port: 0 });
  return {
    host,
    tempDir,
    rendererDir,
    async dispose() {
      await host.close();
      fs.rmSync(tempDir, { recursive: true, force: true });
    },
  };
}
