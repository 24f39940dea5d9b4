import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { startBrowserMode } from '../browser-mode';
import { browserCommand } from '../open-browser';
import { callApi } from './http-client';

describe('browser mode', () => {
  it('serves the real service until stopped, then refuses connections', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'backbeat-browser-mode-'));
    try {
      const running = await startBrowserMode({ dataDir, appVersion: '1.2.3', rendererDir: dataDir });
      const { status, json } = await callApi(running.host.port, running.host.token, 'getAppInfo', {});
      assert.equal(status, 200);
      assert.deepEqual(json.result, { version: '1.2.3', mode: 'browser', dataDir, nativeDialogs: false });
      await running.stop();
      await running.stop();
      await assert.rejects(callApi(running.host.port, running.host.token, 'getAppInfo', {}), /ECONNREFUSED/);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("opens the address with the platform's usual command", () => {
    const url = 'http://127.0.0.1:1/?token=abc';
    assert.deepEqual(browserCommand('linux', url), ['xdg-open', [url]]);
    assert.deepEqual(browserCommand('darwin', url), ['open', [url]]);
    assert.deepEqual(browserCommand('win32', url), ['cmd', ['/c', 'start', '""', url]]);
  });
});
