// The worker registry (../workers.ts) against the tree: every registered module is built
// and serves handlers, every worker module in the source is registered, and no other
// file starts a worker by its path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { WORKER_FILES, workerPath, type WorkerName } from '../workers';

/** The repository, from dist/electron/engine/test. */
const ROOT = path.join(__dirname, '..', '..', '..', '..');
const SOURCE = path.join(ROOT, 'electron');

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'test' && entry.name !== 'node_modules') sourceFiles(full, out);
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
      out.push(full);
    }
  }
  return out;
}

test('every registered worker module is built and exports its handlers', () => {
  const names = Object.keys(WORKER_FILES) as WorkerName[];
  assert.ok(names.length >= 8);
  for (const name of names) {
    const file = workerPath(name);
    assert.ok(
      fs.existsSync(file),
      `${name}: ${file} is not in dist (is it registered under the right path?)`,
    );
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(file) as { handlers?: Record<string, unknown> };
    assert.equal(typeof mod.handlers, 'object', `${name} exports no handlers`);
    const methods = Object.values(mod.handlers ?? {});
    assert.ok(methods.length > 0 && methods.every((m) => typeof m === 'function'), `${name}'s handlers`);
  }
});

test('every *-worker.ts in the source is registered', () => {
  const registered = new Set(Object.values(WORKER_FILES).map((f) => f.replace(/\.js$/, '.ts')));
  const workers = sourceFiles(SOURCE)
    .filter((f) => f.endsWith('-worker.ts'))
    .map((f) => path.relative(path.join(SOURCE, 'engine'), f).split(path.sep).join('/'));
  assert.ok(workers.length > 0, `no worker modules found under ${SOURCE}`);
  assert.deepEqual(
    workers.filter((w) => !registered.has(w)),
    [],
    'worker modules missing from the registry',
  );
});

test('no file but the registry names a worker module by its path', () => {
  const registry = path.join(SOURCE, 'engine', 'workers.ts');
  const offenders = sourceFiles(SOURCE)
    .filter((f) => f !== registry)
    .filter((f) => /-worker\.js['"]/.test(fs.readFileSync(f, 'utf8')))
    .map((f) => path.relative(ROOT, f));
  assert.deepEqual(offenders, []);
});
