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
].sort();
if (only.length) files = files.filter((f) => only.some((o) => f.includes(o)));
if (files.length === 0) {
  console.error('No unit tests found under dist/. Did the build run?');
  process.exit(1);
}
const res = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...files], { stdio: 'inherit' });
process.exit(res.status ?? 1);
