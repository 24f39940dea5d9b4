// The real binary (`node bin/backbeat.js`, after the build): stdout carries exactly the
// result, stderr the messages, and the exit codes hold. Independent runs go in parallel.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BIN, runCollecting, type CliRun } from './spawn-cli';

type Run = CliRun;

/** Runs from the checkout's root, where the hint's command is `npx backbeat`. */
function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return runCollecting(process.execPath, [BIN, ...args], {
    cwd: path.resolve(path.dirname(BIN), '..'),
    env: {
      ...process.env,
      BACKBEAT_LIBRARY: '',
      BACKBEAT_BACKUP_DIR: '',
      npm_command: '',
      PATH: path.dirname(process.execPath),
      ...env,
    },
  });
}

describe('backbeat binary', () => {
  let root: string;
  let library: string;

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'backbeat-cli-spawn-'));
    const demo = await cli(['demo', path.join(root, 'lib'), '--tracks', '200']);
    assert.equal(demo.code, 0, demo.stderr);
    library = path.join(root, 'lib', 'library.db');
    assert.equal(
      demo.stdout,
      `Created a demo library with 200 tracks:\n${library}\nTry: npx backbeat stats --library ${library}\n`,
    );
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('backs up, lists and previews with one JSON document each and a quiet stderr', async () => {
    const env = { BACKBEAT_LIBRARY: library };
    const backup = await cli(['backup', '--name', 'spawned', '--json'], env);
    assert.equal(backup.code, 0, backup.stderr);
    assert.equal(backup.stderr, '', 'no progress bar without a terminal');
    const meta = JSON.parse(backup.stdout) as { id: string; name: string };
    assert.equal(meta.name, 'spawned');

    const [list, stats, preview] = await Promise.all([
      cli(['list', '--json'], env),
      cli(['stats', '--json'], env),
      cli(['restore', 'latest', '--json'], env),
    ]);
    assert.equal(list.code, 0, list.stderr);
    assert.deepEqual(
      (JSON.parse(list.stdout) as { id: string }[]).map((b) => b.id),
      [meta.id],
    );
    assert.equal(stats.code, 0, stats.stderr);
    assert.deepEqual(Object.keys(JSON.parse(stats.stdout) as object).sort(), [
      'analyzed',
      'beat3tower',
      'databaseBytes',
      'failed',
      'legacy',
      'libraryPath',
      'pending',
      'totalTracks',
      'variant',
    ]);
    assert.equal(preview.code, 0, preview.stderr);
    const doc = JSON.parse(preview.stdout) as { backupId: string; toRestore: number; applied: boolean };
    assert.deepEqual([doc.backupId, doc.toRestore, doc.applied], [meta.id, 0, false]);
  });

  it('exits 2 on bad usage and 1 on a missing library, messages on stderr only', async () => {
    const missing = path.join(root, 'nope.db');
    const [unknownFlag, badKeep, hostile, noLibrary, help] = await Promise.all([
      cli(['list', '--frobnicate']),
      cli(['cleanup', '--keep', 'abc', '--library', library]),
      cli(['backup', '--name', '../x', '--library', library, '--json']),
      cli(['stats', '--library', missing]),
      cli(['--help']),
    ]);
    for (const r of [unknownFlag, badKeep, hostile]) {
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^backbeat: .+\n\nUsage:\n/);
    }
    assert.match(badKeep.stderr, /--keep must be a whole number/);
    assert.match(hostile.stderr, /cannot contain/);
    assert.equal(noLibrary.code, 1);
    assert.equal(noLibrary.stderr, `backbeat: No library database at ${missing}.\n`);
    assert.equal(fs.existsSync(missing), false);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^backbeat: backups/);
  });

  it('serves on 127.0.0.1, prints the address alone on a line, and stops cleanly on SIGINT', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--no-open', '--port', '0', '--library', library], {
      env: { ...process.env, BACKBEAT_DATA_DIR: path.join(root, 'data'), BACKBEAT_LIBRARY: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      // Only catches a hang: a start-up on a busy machine may take many seconds.
      const timer = setTimeout(() => reject(new Error(`no address in 300 s: ${stderr}`)), 300_000);
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        const m = /^(http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)\n/m.exec(stdout);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
    });
    const res = await fetch(url.replace('/?', '/api/call/getSettings?'), { method: 'POST', body: '{}' });
    const body = (await res.json()) as { ok: boolean; result: { libraryPath: string } };
    assert.equal(body.ok, true);
    assert.equal(body.result.libraryPath, library, '--library chose the library');
    const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    child.kill('SIGINT');
    assert.equal(await exit, 0, stderr);
    assert.match(stderr, /Stopping/);
  });
});
