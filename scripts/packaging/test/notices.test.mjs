// The shipped notices name every npm package the app loads at run time, restic's licence
// and its Go modules; and the dependency walk that feeds them follows nested and optional
// dependencies the way Node resolves them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runtimeDependencies } from '../notices.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const notices = () => fs.readFileSync(path.join(root, 'build', 'THIRD_PARTY_NOTICES.md'), 'utf8');

test('build/THIRD_PARTY_NOTICES.md names every runtime dependency at its installed version', () => {
  const text = notices();
  const deps = runtimeDependencies(root);
  const direct = Object.keys(
    JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).dependencies,
  );
  for (const name of direct)
    assert.ok(
      deps.some((d) => d.name === name),
      `${name} is walked`,
    );
  for (const dep of deps) {
    assert.ok(
      text.includes(`\n### ${dep.name}@${dep.version}\n`),
      `${dep.name}@${dep.version} is missing from the notices: run node scripts/third-party-notices.mjs`,
    );
  }
});

test('the notices carry restic licence and each Go module of its go.mod', () => {
  const text = notices();
  const release = JSON.parse(fs.readFileSync(path.join(root, 'build', 'restic-release.json'), 'utf8'));
  assert.ok(text.includes(`## restic ${release.version}`));
  const license = fs.readFileSync(path.join(root, 'build', 'licenses', 'restic-LICENSE.txt'), 'utf8');
  assert.match(license, /^BSD 2-Clause License/);
  assert.ok(text.includes(license.trim()));
  const go = JSON.parse(
    fs.readFileSync(path.join(root, 'build', 'licenses', 'restic-go-modules.json'), 'utf8'),
  );
  assert.equal(go.restic, release.version);
  for (const m of go.modules) {
    assert.match(
      m.license ?? '',
      /^[A-Za-z0-9.-]+( AND [A-Za-z0-9.-]+)*$/,
      `${m.module} has an SPDX licence`,
    );
    assert.ok(text.includes(`| ${m.module} | ${m.version} | ${m.license} |`), m.module);
  }
});

test('the dependency walk: nested copies, optional packages, and a missing one named', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bb-notices-'));
  const pkg = (at, json) => {
    fs.mkdirSync(at, { recursive: true });
    fs.writeFileSync(path.join(at, 'package.json'), JSON.stringify(json));
  };
  try {
    pkg(dir, { name: 'app', dependencies: { a: '1', '@s/b': '1' }, optionalDependencies: { gone: '1' } });
    pkg(path.join(dir, 'node_modules', 'a'), {
      name: 'a',
      version: '1.0.0',
      license: 'MIT',
      dependencies: { c: '2' },
    });
    pkg(path.join(dir, 'node_modules', '@s', 'b'), {
      name: '@s/b',
      version: '1.0.0',
      license: 'ISC',
      dependencies: { c: '1' },
    });
    pkg(path.join(dir, 'node_modules', 'c'), { name: 'c', version: '1.0.0', license: 'MIT' });
    pkg(path.join(dir, 'node_modules', 'a', 'node_modules', 'c'), {
      name: 'c',
      version: '2.0.0',
      license: 'BSD-3-Clause',
    });
    const deps = runtimeDependencies(dir).map((d) => `${d.name}@${d.version} ${d.license}`);
    assert.deepEqual(deps, ['@s/b@1.0.0 ISC', 'a@1.0.0 MIT', 'c@1.0.0 MIT', 'c@2.0.0 BSD-3-Clause']);

    pkg(path.join(dir, 'node_modules', 'c'), { name: 'c', version: '1.0.0', dependencies: { d: '1' } });
    assert.throws(() => runtimeDependencies(dir), /d \(needed by c\) is not installed/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
