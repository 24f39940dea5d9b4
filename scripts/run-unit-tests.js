// Runs every compiled unit test (dist/**/*.test.js) with Node's built-in test runner.
// Node 20 has no glob support in `--test`, so we list the files ourselves.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

function findTests(dir, out) {
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) findTests(full, out);
    else if (entry.name.endsWith('.test.js') || entry.name.endsWith('.test.mjs')) out.push(full);
  }
  return out;
}

const root = path.join(__dirname, '..', 'dist');
const only = process.argv.slice(2);
// The lint rules' own tests are plain ESM beside them (eslint loads them uncompiled), as
// are the packaging scripts' (they run before any build).
let files = [
  ...findTests(root, []),
  ...findTests(path.join(__dirname, 'eslint'), []),
  ...findTests(path.join(__dirname, 'packaging'), []),
  ...findTests(path.join(__dirname, 'test-restic'), []),
].sort();
if (only.length) files = files.filter((f) => only.some((o) => f.includes(o)));
/**
 * The repository tests run restic through scripts/test-restic/restic, which re-wraps each
 * new local repository's key with cheap scrypt parameters (as restic's own tests do), so
 * the hundreds of restic calls do not each spend a third of a second deriving the key.
 * BACKBEAT_TEST_FULL_KDF=1 keeps restic's own parameters.
 */
function lowKdfRestic(env) {
  if (!env.BACKBEAT_RESTIC || env.BACKBEAT_TEST_RESTIC_REAL || env.BACKBEAT_TEST_FULL_KDF === '1') return {};
  return {
    BACKBEAT_TEST_RESTIC_REAL: path.resolve(env.BACKBEAT_RESTIC),
    BACKBEAT_TEST_NODE: process.execPath,
    BACKBEAT_RESTIC: path.join(__dirname, 'test-restic', 'restic'),
  };
}

if (files.length === 0) {
  console.error('No unit tests found under dist/. Did the build run?');
  process.exit(1);
}
// Three test files at a time keep two cores busy while files wait on restic, a server or
// fsync (measured idle on this 2-core machine: 459 s with two, 399 s with three).
const concurrency = process.env.BACKBEAT_UNIT_CONCURRENCY ?? '3';
const res = spawnSync(process.execPath, ['--test', `--test-concurrency=${concurrency}`, ...files], {
  stdio: 'inherit',
  env: { ...process.env, ...lowKdfRestic(process.env) },
});
process.exit(res.status ?? 1);
