// The test-only restic stand-in: after `init` the key carries the cheap scrypt
// parameters, the right password still opens the repository (through the password
// file and through RESTIC_PASSWORD), a wrong one is still refused, and calls other than
// init are restic's own process (exec), so its exit codes come through unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const wrapper = path.join(here, '..', 'restic');
const real = process.env.BACKBEAT_TEST_RESTIC_REAL ?? process.env.BACKBEAT_RESTIC;

function restic(repo, args, extraEnv) {
  const env = { ...process.env, BACKBEAT_TEST_RESTIC_REAL: real, BACKBEAT_TEST_NODE: process.execPath };
  for (const name of ['RESTIC_PASSWORD', 'RESTIC_PASSWORD_FILE', 'RESTIC_REPOSITORY']) delete env[name];
  return spawnSync(wrapper, args, {
    env: { ...env, RESTIC_REPOSITORY: repo, ...extraEnv },
    encoding: 'utf8',
  });
}

function keyOf(repo) {
  const [name] = fs.readdirSync(path.join(repo, 'keys'));
  return JSON.parse(fs.readFileSync(path.join(repo, 'keys', name), 'utf8'));
}

for (const via of ['RESTIC_PASSWORD_FILE', 'RESTIC_PASSWORD']) {
  test(`init through the stand-in leaves a cheap key that opens with the password (${via})`, (t) => {
    if (!real) return t.skip('restic is not available; set BACKBEAT_RESTIC to run this test');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bb-low-kdf-'));
    t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const repo = path.join(dir, 'repo');
    const passwordFile = path.join(dir, 'pw');
    fs.writeFileSync(passwordFile, 'correct horse\n', { mode: 0o600 });
    const right =
      via === 'RESTIC_PASSWORD'
        ? { RESTIC_PASSWORD: 'correct horse' }
        : { RESTIC_PASSWORD_FILE: passwordFile };

    const init = restic(repo, ['init', '--repository-version', '2'], right);
    assert.equal(init.status, 0, init.stderr);
    assert.equal(keyOf(repo).N, 1024);

    const opened = restic(repo, ['cat', 'config', '--json'], right);
    assert.equal(opened.status, 0, opened.stderr);
    assert.equal(JSON.parse(opened.stdout).version, 2);

    const wrong = restic(repo, ['cat', 'config'], { RESTIC_PASSWORD: 'wrong' });
    assert.equal(wrong.status, 12, 'restic exits 12 for a wrong password, through the stand-in');
  });
}
