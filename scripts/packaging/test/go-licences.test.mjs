// The collection of licence texts at packaging time, through a fake `go` on PATH
// (fake-go.mjs) that serves made-up modules from a temporary folder: the texts of restic,
// of each module (found in sub-folders, not in testdata or source files) and of Go; the
// parent module's licence for a module without one; the packaged notices and licence
// folder written from them; and a loud failure when a module has no licence at all, when
// go.mod and restic-go-modules.json list different modules, when a hash differs from
// restic's go.sum, and when there is no Go toolchain.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseJsonStream } from '../go-command.mjs';
import { collectGoLicences, moduleListDifferences } from '../go-licences.mjs';
import { renderGoModules } from '../notices.mjs';
import { writePackagedNotices } from '../packaged-notices.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const posix = process.platform !== 'win32';

const MIT = 'MIT License\n\nCopyright (c) 2020 Example Authors\n\nPermission is hereby granted...';
const TOOLCHAIN = 'golang.org/toolchain@v0.0.1-go1.99.0.linux-amd64';

/**
 * A folder of made-up modules for the fake go, with restic's go.mod requiring them, and
 * a bin/ folder whose `go` runs fake-go.mjs. `change(files, sums)` may alter the modules
 * (or the hashes go reports) before they are written. Returns {dir, env, goModules}.
 */
function world(change = () => {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bb-fake-go-'));
  const modules = path.join(dir, 'modules');
  const files = {
    'example.com/a@v1.0.0': { LICENSE: MIT, 'a.go': 'package a' },
    // No licence of its own: example.com/a's, at the same version, is used.
    'example.com/a/sub@v1.0.0': { 'sub.go': 'package sub' },
    'example.com/b@v0.2.0': {
      LICENSE: 'Copyright 2021 B Authors. BSD-3-Clause ...',
      'NOTICE.txt': 'B includes software by Someone Else.',
      'internal/x/COPYING': 'Copyright 2019 X. MIT ...',
      'license.go': 'package b // not a licence',
      'testdata/LICENSE': 'a test fixture, never compiled',
    },
    [TOOLCHAIN]: {
      LICENSE: 'Copyright 2009 The Go Authors.',
      PATENTS: 'Additional IP Rights Grant',
      'src/x/LICENSE': 'no',
    },
  };
  const sums = Object.fromEntries(
    Object.keys(files).map((k) => [k, `h1:${Buffer.from(k).toString('base64')}=`]),
  );
  // restic's go.sum holds the hashes as they are before `change` (which may tamper with one).
  const required = ['example.com/a@v1.0.0', 'example.com/a/sub@v1.0.0', 'example.com/b@v0.2.0'];
  const goSum = required
    .map((k) => `${k.replace('@', ' ')} ${sums[k]}\n${k.replace('@', ' ')}/go.mod h1:x=\n`)
    .join('');
  change(files, sums);
  files['github.com/restic/restic@v0.18.1'] = {
    LICENSE: 'BSD 2-Clause License\n\nCopyright (c) 2014, Alexander Neumann',
    'go.mod': [
      'module github.com/restic/restic',
      '',
      'go 1.23',
      '',
      'require (',
      '\texample.com/a v1.0.0',
      '\texample.com/b v0.2.0',
      ')',
      '',
      'require example.com/a/sub v1.0.0 // indirect',
      '',
    ].join('\n'),
    'go.sum': goSum,
  };
  sums['github.com/restic/restic@v0.18.1'] = 'h1:restic=';
  for (const [key, content] of Object.entries(files)) {
    for (const [file, text] of Object.entries(content)) {
      const at = path.join(modules, key, ...file.split('/'));
      fs.mkdirSync(path.dirname(at), { recursive: true });
      fs.writeFileSync(at, text);
    }
  }
  fs.writeFileSync(path.join(modules, 'sums.json'), JSON.stringify(sums));
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  fs.writeFileSync(
    path.join(bin, 'go'),
    `#!/bin/sh\nexec "${process.execPath}" "${path.join(here, 'fake-go.mjs')}" "$@"\n`,
    { mode: 0o755 },
  );
  // The caller's Go settings would skip the checksum database: the collection must override them.
  const env = {
    ...process.env,
    PATH: `${bin}${path.delimiter}${process.env.PATH}`,
    FAKE_GO_MODULES: modules,
    GOSUMDB: 'off',
    GOPRIVATE: '*',
    GOFLAGS: '-mod=vendor',
  };
  const mod = (module, version, license, indirect = false) => ({
    module,
    version,
    license,
    indirect,
    repository: `github.com/${module}`,
  });
  const goModules = {
    restic: '0.18.1',
    source: 'A test.',
    go: { version: 'go1.99.0', license: 'BSD-3-Clause', repository: 'github.com/golang/go' },
    modules: [
      mod('example.com/a', 'v1.0.0', 'MIT'),
      mod('example.com/b', 'v0.2.0', 'BSD-3-Clause'),
      mod('example.com/a/sub', 'v1.0.0', 'MIT', true),
    ],
  };
  return { dir, env, goModules };
}

test('licence texts are collected from verified modules, with the parent fallback, and packaged', (t) => {
  if (!posix) return t.skip('the fake go is a shell script');
  const { dir, env, goModules } = world();
  try {
    const licences = collectGoLicences({ goModules, env });
    assert.deepEqual(
      licences.restic.files.map((f) => f.file),
      ['LICENSE'],
    );
    assert.match(licences.restic.files[0].text, /Copyright \(c\) 2014, Alexander Neumann/);
    // Go's own licence files from the toolchain's top folder only.
    assert.deepEqual(
      licences.go.files.map((f) => f.file),
      ['LICENSE', 'PATENTS'],
    );
    const byName = new Map(licences.modules.map((m) => [m.module, m]));
    assert.deepEqual(
      byName.get('example.com/b').files.map((f) => f.file),
      ['LICENSE', 'NOTICE.txt', 'internal/x/COPYING'],
    );
    assert.equal(byName.get('example.com/a').from, undefined);
    assert.equal(byName.get('example.com/a/sub').from, 'example.com/a v1.0.0');
    assert.equal(byName.get('example.com/a/sub').files[0].text, MIT);

    // Every module was fetched through `go mod download -json`, restic's go.mod read with go mod edit.
    const calls = fs.readFileSync(path.join(dir, 'modules', 'calls.log'), 'utf8');
    assert.match(calls, /^mod download -json github\.com\/restic\/restic@v0\.18\.1$/m);
    assert.match(calls, /^mod edit -json .*github\.com\/restic\/restic@v0\.18\.1[/\\]go\.mod$/m);
    assert.match(
      calls,
      /^mod download -json example\.com\/a@v1\.0\.0 example\.com\/b@v0\.2\.0 example\.com\/a\/sub@v1\.0\.0$/m,
    );

    // The packaged notices: the MIT text once, carried by both; every text in the licence folder.
    const text = renderGoModules({ version: '0.18.1' }, goModules, licences).join('\n');
    assert.equal(text.split('Copyright (c) 2020 Example Authors').length - 1, 1);
    assert.match(
      text,
      /Carried by example\.com\/a v1\.0\.0 \(LICENSE\); example\.com\/a\/sub v1\.0\.0 \(LICENSE\)\./,
    );
    assert.match(
      text,
      /\| example\.com\/b \| v0\.2\.0 \| BSD-3-Clause \| github\.com\/example\.com\/b \| text 4, text 5, text 6 \|/,
    );
    assert.match(text, /- example\.com\/a\/sub v1\.0\.0: from example\.com\/a v1\.0\.0\./);
    assert.ok(!text.includes('never compiled'));
    const outDir = path.join(dir, 'third-party');
    writePackagedNotices({ outDir, text, licences });
    const read = (...p) => fs.readFileSync(path.join(outDir, ...p), 'utf8');
    assert.equal(read('THIRD_PARTY_NOTICES.md'), `${text.trimEnd()}\n`);
    assert.match(read('licenses', 'restic', 'LICENSE'), /^BSD 2-Clause License/);
    assert.equal(read('licenses', 'go', 'go@go1.99.0', 'PATENTS'), 'Additional IP Rights Grant\n');
    assert.equal(read('licenses', 'go', 'example.com', 'a', 'sub@v1.0.0', 'LICENSE'), `${MIT}\n`);
    assert.equal(
      read('licenses', 'go', 'example.com', 'b@v0.2.0', 'internal', 'x', 'COPYING'),
      'Copyright 2019 X. MIT ...\n',
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a module with no licence, in itself or a parent at its version, stops packaging', (t) => {
  if (!posix) return t.skip('the fake go is a shell script');
  const { dir, env, goModules } = world((files) => {
    delete files['example.com/a@v1.0.0'].LICENSE;
  });
  try {
    assert.throws(
      () => collectGoLicences({ goModules, env }),
      (err) =>
        /example\.com\/a v1\.0\.0 has no licence file, nor has any parent module at that version \(none\)/.test(
          err.message,
        ) &&
        /example\.com\/a\/sub v1\.0\.0 has no licence file, nor has any parent module at that version \(example\.com\/a\)/.test(
          err.message,
        ),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("a module list that differs from restic's go.mod, or a hash that differs from its go.sum, stops packaging", (t) => {
  if (!posix) return t.skip('the fake go is a shell script');
  const { dir, env, goModules } = world((files, sums) => {
    sums['example.com/b@v0.2.0'] = 'h1:tampered=';
  });
  try {
    assert.throws(
      () => collectGoLicences({ goModules, env }),
      /example\.com\/b v0\.2\.0 has hash h1:tampered=, restic's go\.sum says h1:/,
    );
    const other = structuredClone(goModules);
    other.modules[1].version = 'v0.1.0';
    other.modules[2].indirect = false;
    other.modules.push({ ...other.modules[0], module: 'example.com/gone' });
    assert.throws(
      () => collectGoLicences({ goModules: other, env }),
      (err) =>
        err.message.includes("restic 0.18.1's go.mod and build/restic-go-modules.json differ") &&
        err.message.includes('go.mod requires example.com/b v0.2.0, restic-go-modules.json says v0.1.0') &&
        err.message.includes('example.com/a/sub is indirect in go.mod') &&
        err.message.includes('restic-go-modules.json lists example.com/gone, which go.mod does not require'),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('without a Go toolchain, packaging says what it needs', (t) => {
  if (!posix) return t.skip('PATH lookup differs on Windows');
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'bb-no-go-'));
  try {
    const { goModules } = { goModules: { restic: '0.18.1', modules: [], go: { version: 'go1.99.0' } } };
    assert.throws(
      () => collectGoLicences({ goModules, env: { ...process.env, PATH: empty } }),
      /Packaging needs the Go toolchain \(`go` on PATH/,
    );
  } finally {
    fs.rmSync(empty, { recursive: true, force: true });
  }
});

test("go's JSON stream and the module list comparison", () => {
  assert.deepEqual(parseJsonStream('{\n\t"Path": "a{"\n}\n{\n\t"Error": "x \\" }"\n}\n'), [
    { Path: 'a{' },
    { Error: 'x " }' },
  ]);
  assert.throws(() => parseJsonStream('{"Path": "a"'), /incomplete JSON/);
  const rec = [{ module: 'a', version: 'v1', indirect: false }];
  assert.deepEqual(moduleListDifferences(rec, [{ Path: 'a', Version: 'v1' }]), []);
  assert.deepEqual(moduleListDifferences(rec, [{ Path: 'a', Version: 'v1', Indirect: true }]), [
    'a is indirect in go.mod',
  ]);
});
