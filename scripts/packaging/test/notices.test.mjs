// The committed notices (the summary; packaging adds the texts) are what the generator
// makes of today's inputs and name every npm package the app loads at run time, restic,
// Go and each Go module with its SPDX licence; the dependency walk that feeds them follows
// nested and optional dependencies the way Node resolves them; and identical licence texts
// are printed once, with every module that carries them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadNoticeInputs, numberTexts, renderNotices, runtimeDependencies } from '../notices.mjs';

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

test('build/THIRD_PARTY_NOTICES.md is current: regenerating it from its inputs changes nothing', () => {
  assert.ok(
    notices() === renderNotices(loadNoticeInputs(root)),
    'THIRD_PARTY_NOTICES.md is out of date: run node scripts/third-party-notices.mjs',
  );
});

test('the notices name restic, Go and each Go module of its go.mod with an SPDX licence', () => {
  const text = notices();
  const release = JSON.parse(fs.readFileSync(path.join(root, 'build', 'restic-release.json'), 'utf8'));
  assert.ok(text.includes(`## restic ${release.version}`));
  assert.match(text, /Licence: BSD-2-Clause\./);
  const go = JSON.parse(fs.readFileSync(path.join(root, 'build', 'restic-go-modules.json'), 'utf8'));
  assert.equal(go.restic, release.version);
  assert.match(go.go.version, /^go1\.\d+\.\d+$/);
  assert.ok(text.includes(`| Go standard library and runtime | ${go.go.version} | BSD-3-Clause |`));
  for (const m of go.modules) {
    assert.match(
      m.license ?? '',
      /^[A-Za-z0-9.-]+( AND [A-Za-z0-9.-]+)*$/,
      `${m.module} has an SPDX licence`,
    );
    assert.ok(text.includes(`| ${m.module} | ${m.version} | ${m.license} | ${m.repository} |`), m.module);
  }
});

test('identical licence texts are numbered once, with every module and file that carries them', () => {
  const mit = 'MIT License\n\nCopyright (c) 2020 Example Authors';
  const { refs, texts } = numberTexts([
    { name: 'a v1', files: [{ file: 'LICENSE', text: mit }] },
    {
      name: 'b v2',
      files: [
        { file: 'NOTICE', text: 'Copyright 2021 Someone Else' },
        { file: 'sub/LICENSE', text: mit },
      ],
    },
    // A text that differs only in its copyright line is its own text: no line is lost.
    { name: 'c v3', files: [{ file: 'LICENSE', text: mit.replace('2020', '2021') }] },
  ]);
  assert.deepEqual(refs, [['text 1'], ['text 2', 'text 1'], ['text 3']]);
  assert.deepEqual(texts.get(mit), { n: 1, users: ['a v1 (LICENSE)', 'b v2 (sub/LICENSE)'] });
  assert.equal(texts.size, 3);
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
