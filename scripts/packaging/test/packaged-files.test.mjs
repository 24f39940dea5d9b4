// What electron-builder packs from dist/: the app, never the code that tests or measures
// it (#13: test doubles and benchmarks were compiled into dist/ and shipped). The `files`
// patterns of electron-builder.yml are applied in order, as electron-builder does with
// minimatch (its own dependency): a path is packed when the last pattern matching it is
// not a negation. The resources beside the app (restic, the notices, the licences) are
// checked against its extraResources and the `dist` script that makes them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { minimatch } from 'minimatch';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The `files:` list of electron-builder.yml (a flat list of quoted or bare patterns). */
function filePatterns() {
  const lines = fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8').split('\n');
  const start = lines.indexOf('files:');
  assert.ok(start >= 0, 'electron-builder.yml has a files: list');
  const patterns = [];
  for (const line of lines.slice(start + 1)) {
    const m = /^ {2}- (.+)$/.exec(line);
    if (!m) break;
    patterns.push(m[1].trim().replace(/^'(.*)'$/, '$1'));
  }
  return patterns;
}

function packed(file, patterns) {
  let included = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    if (minimatch(file, negated ? pattern.slice(1) : pattern, { dot: true })) included = !negated;
  }
  return included;
}

test('the app is packed; tests, test doubles and benchmarks are not', () => {
  const patterns = filePatterns();
  for (const file of [
    'package.json',
    'dist/electron/main/main.js',
    'dist/electron/engine/workers.js',
    'dist/electron/engine/backup/backup.js',
    'dist/renderer/index.html',
    'electron/engine/dsp/build/Release/backbeat_dsp.node',
  ]) {
    assert.ok(packed(file, patterns), `${file} is packed`);
  }
  for (const file of [
    'dist/electron/engine/test/fixtures/fake-clock.js',
    'dist/electron/engine/test/fixtures/decompress.js',
    'dist/electron/engine/backup/test/backup.test.js',
    'dist/electron/cli/test/fake-io.js',
    'dist/bench/run.js',
    'dist/bench/audio-tree.test.js',
    'dist/bench/fidelity/fidelity.test.js.map',
    'electron/engine/dsp/src/fft.c',
    'electron/engine/dsp/build/Release/obj.target/backbeat_dsp/src/fft.o',
  ]) {
    assert.ok(!packed(file, patterns), `${file} is not packed`);
  }
});

test('the native DSP kernels are unpacked beside app.asar, where a native module can load', () => {
  const config = yaml.load(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8'));
  assert.ok(config.asarUnpack.includes('electron/engine/dsp/build/Release/backbeat_dsp.node'));
  const scripts = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).scripts;
  assert.equal(scripts.install, 'node scripts/build-dsp.js');
});

test('restic, the notices and the licence files are shipped as resources, from the build output', () => {
  const config = yaml.load(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8'));
  const resources = new Map(config.extraResources.map((r) => [r.from, r.to]));
  assert.equal(resources.get('build/restic/${os}-${arch}'), 'restic');
  // The notices with every licence text and the licence files, written at packaging by
  // `third-party-notices.mjs --package` (which `npm run dist` runs before electron-builder).
  assert.equal(resources.get('build/third-party/THIRD_PARTY_NOTICES.md'), 'THIRD_PARTY_NOTICES.md');
  assert.equal(resources.get('build/third-party/licenses'), 'licenses');
  const dist = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).scripts.dist;
  assert.match(
    dist,
    /fetch-restic\.mjs && node scripts\/third-party-notices\.mjs --package && electron-builder/,
  );
  // Made at packaging, never committed.
  const ignored = fs.readFileSync(path.join(root, '.gitignore'), 'utf8').split('\n');
  for (const dir of ['build/restic/', 'build/third-party/']) assert.ok(ignored.includes(dir), dir);
});
