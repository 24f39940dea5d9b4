// The packaging step's checksum check and unpacking, on fake restic archives made here
// (the real download needs the network): a matching SHA-256 unpacks an executable
// that runs; a mismatch unpacks nothing; the zip reader finds the one .exe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  assetFor,
  checkListedInSums,
  hostTarget,
  loadRelease,
  unpackVerified,
  unzipSingleExe,
} from '../restic-archive.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const FAKE = '#!/bin/sh\necho "restic 0.18.1 compiled with go1.25.1 on linux/amd64"\n';
const sha = (file) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const has = (cmd) => spawnSync(cmd, ['--help'], { stdio: 'ignore' }).error === undefined;

function tempDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'bb-restic-archive-'));
}

function fakeRelease(file, digest) {
  return {
    version: '0.18.1',
    baseUrl: 'https://example.invalid/',
    assets: { [file.target]: { file: file.name, sha256: digest } },
  };
}

test('the pinned release file: every target has a restic asset and a 64-digit SHA-256', () => {
  const release = loadRelease(path.join(here, '..', '..', '..', 'build', 'restic-release.json'));
  assert.match(release.version, /^0\.18\.\d+$/);
  for (const target of ['linux-x64', 'linux-arm64', 'mac-x64', 'mac-arm64', 'win-x64']) {
    const asset = assetFor(release, target);
    assert.ok(asset.file.startsWith(`restic_${release.version}_`), asset.file);
  }
  assert.throws(() => assetFor(release, 'win-ia32'), /No restic 0\.18\.\d+ asset is pinned for win-ia32/);
  assert.equal(hostTarget('darwin', 'arm64'), 'mac-arm64');
  assert.equal(hostTarget('win32', 'x64'), 'win-x64');
});

test('a bzip2 asset: unpacked only when its SHA-256 matches, as an executable restic', (t) => {
  if (!has('bzip2') || process.platform === 'win32') return t.skip('needs bzip2 and a POSIX shell');
  const dir = tempDir();
  try {
    const raw = path.join(dir, 'restic_0.18.1_linux_amd64');
    fs.writeFileSync(raw, FAKE);
    execFileSync('bzip2', [raw]);
    const archive = `${raw}.bz2`;
    const outRoot = path.join(dir, 'out');
    const asset = { target: 'linux-x64', name: path.basename(archive) };

    const wrong = fakeRelease(asset, '0'.repeat(64));
    assert.throws(
      () => unpackVerified({ release: wrong, target: 'linux-x64', archive, outRoot }),
      /does not match its pinned SHA-256 .*it was not unpacked/,
    );
    assert.equal(fs.existsSync(path.join(outRoot, 'linux-x64')), false);

    const right = fakeRelease(asset, sha(archive));
    const binary = unpackVerified({ release: right, target: 'linux-x64', archive, outRoot });
    assert.equal(binary, path.join(outRoot, 'linux-x64', 'restic'));
    assert.equal(fs.statSync(binary).mode & 0o777, 0o755);
    assert.match(execFileSync(binary, ['version'], { encoding: 'utf8' }), /^restic 0\.18\.1 /);
    assert.equal(
      fs.readFileSync(path.join(outRoot, 'linux-x64', 'VERSION'), 'utf8'),
      `0.18.1 ${sha(archive)}\n`,
    );
    assert.deepEqual(fs.readdirSync(path.join(outRoot, 'linux-x64')).sort(), ['VERSION', 'restic']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a zip asset (Windows): the one .exe inside is unpacked as restic.exe', (t) => {
  if (!has('zip')) return t.skip('needs zip to make the fake archive');
  const dir = tempDir();
  try {
    const exe = path.join(dir, 'restic_0.18.1_windows_amd64.exe');
    const body = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200_000, 7), Buffer.from(FAKE)]);
    fs.writeFileSync(exe, body);
    const archive = path.join(dir, 'restic_0.18.1_windows_amd64.zip');
    execFileSync('zip', ['-q', '-j', archive, exe]);
    assert.deepEqual(unzipSingleExe(archive), body);

    const outRoot = path.join(dir, 'out');
    const release = fakeRelease({ target: 'win-x64', name: path.basename(archive) }, sha(archive));
    const binary = unpackVerified({ release, target: 'win-x64', archive, outRoot });
    assert.equal(path.basename(binary), 'restic.exe');
    assert.deepEqual(fs.readFileSync(binary), body);

    // A zip with two programs (or none) is not guessed at.
    const other = path.join(dir, 'other.exe');
    fs.writeFileSync(other, 'MZ');
    const two = path.join(dir, 'two.zip');
    execFileSync('zip', ['-q', '-j', two, exe, other]);
    assert.throws(() => unzipSingleExe(two), /exactly one \.exe, it holds 2/);
    const notZip = path.join(dir, 'not.zip');
    fs.writeFileSync(notZip, 'plain text');
    assert.throws(() => unzipSingleExe(notZip), /not a zip archive/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("the pin must be the SHA-256 the release's SHA256SUMS lists for the file", () => {
  const a = 'a'.repeat(64);
  const b = 'b'.repeat(64);
  const sums = `${b}  restic-0.18.1.tar.gz\n${a}  restic_0.18.1_linux_amd64.bz2\n${b} *restic_0.18.1_windows_amd64.zip\r\n`;
  checkListedInSums(sums, 'restic_0.18.1_linux_amd64.bz2', a);
  checkListedInSums(sums, 'restic_0.18.1_windows_amd64.zip', b);
  assert.throws(
    () => checkListedInSums(sums, 'restic_0.18.1_linux_amd64.bz2', b),
    /lists restic_0\.18\.1_linux_amd64\.bz2 as a{64}, not the pinned b{64}/,
  );
  assert.throws(() => checkListedInSums(sums, 'restic_0.18.1_darwin_arm64.bz2', a), /does not list/);
  assert.throws(
    () => checkListedInSums(`${a}  restic_0.18.1_linux_amd64.bz2.asc\n`, 'restic_0.18.1_linux_amd64.bz2', a),
    /does not list/,
  );
});
