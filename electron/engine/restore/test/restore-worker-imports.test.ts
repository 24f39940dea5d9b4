// The restore worker is started for every preview and restore, and everything it imports
// is loaded before it can do anything. zod alone took ~100 ms there, so the worker's
// modules must not load it (the main thread validates the metadata instead).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const ENGINE = path.join(__dirname, '..', '..');

function loadedModules(modulePath: string): string[] {
  const script = `require(${JSON.stringify(modulePath)}); process.stdout.write(JSON.stringify(Object.keys(require.cache)));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as string[];
}

test('the restore worker, the gzip worker, the worker client and the registry load no zod', () => {
  for (const name of [
    'restore/restore-worker.js',
    'compression/gzip-worker.js',
    'runtime/worker-client.js',
    'workers.js',
  ]) {
    const modulePath = path.join(ENGINE, name);
    const loaded = loadedModules(modulePath);
    assert.ok(loaded.includes(modulePath), `${name} should have been loaded`);
    const zod = loaded.filter((m) => m.split(path.sep).includes('zod'));
    assert.deepEqual(zod, [], `${name} loads zod`);
  }
});

test('the check itself sees zod when a module does load it', () => {
  const loaded = loadedModules(path.join(ENGINE, 'backup', 'backup-store.js'));
  assert.ok(loaded.some((m) => m.split(path.sep).includes('zod')));
});
