// The order in which Backbeat looks for restic, with fake binaries in each place:
// BACKBEAT_RESTIC, then the copy bundled in the packaged app's resources folder
// (resources/restic/restic, where electron-builder's extraResources puts it), then PATH.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { makeTempDir } from '../../test/fixtures/temp-dir';
import { locateRestic } from '../restic-discovery';

function fakeRestic(file: string, version: string, mode = 0o755): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `#!/bin/sh\necho "restic ${version} compiled with go1.24 on linux/amd64"\n`, {
    mode,
  });
  return file;
}

test('discovery order: BACKBEAT_RESTIC, then the bundled copy, then PATH', (t) => {
  if (process.platform === 'win32') return t.skip('shell scripts stand in for restic here');
  const tmp = makeTempDir('restic-order');
  try {
    const explicit = fakeRestic(path.join(tmp.dir, 'chosen', 'restic'), '0.18.0');
    const resources = path.join(tmp.dir, 'Backbeat', 'resources');
    const bundled = fakeRestic(path.join(resources, 'restic', 'restic'), '0.18.1');
    const onPath = fakeRestic(path.join(tmp.dir, 'bin', 'restic'), '0.17.3');
    const env = { PATH: path.dirname(onPath), BACKBEAT_RESTIC: explicit };

    assert.deepEqual(locateRestic(env, resources), { path: explicit, source: 'BACKBEAT_RESTIC' });
    assert.deepEqual(locateRestic({ PATH: env.PATH }, resources), { path: bundled, source: 'bundled' });
    // Outside a packaged app (no resources folder) PATH is next.
    assert.deepEqual(locateRestic({ PATH: env.PATH }, undefined), { path: onPath, source: 'PATH' });
    // A resources folder without restic in it (a build without the download) falls through to PATH.
    assert.deepEqual(locateRestic({ PATH: env.PATH }, path.join(tmp.dir, 'empty')), {
      path: onPath,
      source: 'PATH',
    });
    // A bundled file that cannot be executed is not used.
    fs.chmodSync(bundled, 0o644);
    assert.deepEqual(locateRestic({ PATH: env.PATH }, resources), { path: onPath, source: 'PATH' });
  } finally {
    tmp.cleanup();
  }
});
