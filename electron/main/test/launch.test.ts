// `node dist/electron/launch.js` where Electron's binary is missing and cannot be
// downloaded (as here): it tries Electron's install script, then one line saying why
// it falls back, the address on its own line, nothing created in the data folder until
// the user asks, and a clean exit on SIGTERM.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { findElectronBinary } from '../electron-binary';
import { rawRequest } from '../../host/test/http-client';

const LAUNCH = path.join(__dirname, '..', '..', 'launch.js');

describe('npm start without Electron', () => {
  const skip =
    findElectronBinary() !== null
      ? 'the Electron binary is present: launch would open the desktop app'
      : false;

  it('falls back to browser mode, prints the address, and stops on SIGTERM', { skip }, async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'backbeat-launch-'));
    const child = spawn(process.execPath, [LAUNCH, '--no-open'], {
      // The real path of `npm start`: the download is tried (and fails here, without network).
      env: { ...process.env, BACKBEAT_DATA_DIR: dataDir, CI: '1', ELECTRON_SKIP_BINARY_DOWNLOAD: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      child.stdout.setEncoding('utf8');
      const url = await new Promise<string>((resolve, reject) => {
        // Only catches a hang: a start-up on a busy machine may take many seconds.
        const timer = setTimeout(() => reject(new Error(`no address printed in 300 s: ${out}`)), 300_000);
        child.stdout.on('data', (chunk: string) => {
          out += chunk;
          const match = /^(http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64})$/m.exec(out);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]!);
          }
        });
        child.once('exit', (code) => reject(new Error(`exited early with ${code}: ${out}`)));
      });
      assert.match(
        out.split('\n')[0]!,
        /^Electron \d+\.\d+\.\d+ could not be downloaded \(.+\); starting browser mode instead\.$/,
      );
      const { port, searchParams } = new URL(url);
      const res = await rawRequest({
        port: Number(port),
        path: '/api/call/getAppInfo',
        method: 'POST',
        headers: { 'X-Backbeat-Token': searchParams.get('token')! },
      });
      assert.equal(res.status, 200);
      assert.equal(JSON.parse(res.body).result.mode, 'browser');
      assert.deepEqual(fs.readdirSync(dataDir), [], "nothing created behind the user's back");
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
    } finally {
      child.kill('SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
