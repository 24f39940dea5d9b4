// The signature check on restic's SHA256SUMS, with throwaway keys made here (the real
// release's files need the network): a good signature by the pinned key passes; a changed
// list, a signature by another key, and a key file that is not the pinned key are refused
// (the key is given as a file here). And the key is received by its pinned fingerprint
// from the first key server that gives exactly that key (fake servers on loopback).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { receiveReleaseKey } from '../release-key.mjs';
import { verifyDetachedSignature } from '../release-signature.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

const hasGpg = spawnSync('gpg', ['--version'], { stdio: 'ignore' }).error === undefined;
// gpg reaches key servers through dirmngr, packaged apart from gpg on Debian.
const hasDirmngr = spawnSync('dirmngr', ['--version'], { stdio: 'ignore' }).error === undefined;

/** A throwaway signing key in its own GnuPG home: {home, fingerprint, publicKey}. */
function makeKey(dir, name) {
  const home = path.join(dir, `${name}-home`);
  fs.mkdirSync(home, { mode: 0o700 });
  const gpg = (...args) => {
    const res = spawnSync('gpg', ['--batch', '--no-tty', '--homedir', home, ...args], { encoding: 'utf8' });
    assert.equal(res.status, 0, res.stderr);
    return res.stdout;
  };
  gpg(
    '--passphrase',
    '',
    '--quick-generate-key',
    `${name} <${name}@example.invalid>`,
    'ed25519',
    'sign',
    'never',
  );
  const fingerprint = /^fpr:+([0-9A-F]{40}):/m.exec(gpg('--with-colons', '--fingerprint'))[1];
  const publicKey = path.join(dir, `${name}.asc`);
  gpg('--armor', '--output', publicKey, '--export', fingerprint);
  const sign = (file) => gpg('--yes', '--armor', '--detach-sign', '--output', `${file}.asc`, file);
  return { home, fingerprint, publicKey, sign };
}

/** restic's (pretend) release key and an attacker's, noted in `keys` for clean-up. */
function twoKeys(dir, keys) {
  const release = makeKey(dir, 'release');
  const other = makeKey(dir, 'other');
  keys.push(release, other);
  return { release, other };
}

test('SHA256SUMS is trusted only with a good signature by the pinned key', (t) => {
  if (!hasGpg) return t.skip('needs gpg');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bb-sig-'));
  const keys = [];
  try {
    const { release, other } = twoKeys(dir, keys);
    const sums = path.join(dir, 'SHA256SUMS');
    fs.writeFileSync(sums, `${'a'.repeat(64)}  restic_0.18.1_linux_amd64.bz2\n`);
    release.sign(sums);
    const check = (over = {}) =>
      verifyDetachedSignature({
        keyFile: release.publicKey,
        fingerprint: release.fingerprint,
        dataFile: sums,
        signatureFile: `${sums}.asc`,
        ...over,
      });

    check();
    // The fingerprint as restic's guide prints it (spaced) is the same pin.
    check({ fingerprint: release.fingerprint.replace(/(.{4})/g, '$1 ') });

    // The list changed after it was signed: one checksum swapped.
    const original = fs.readFileSync(sums);
    fs.writeFileSync(sums, `${'b'.repeat(64)}  restic_0.18.1_linux_amd64.bz2\n`);
    assert.throws(
      () => check(),
      /SHA256SUMS\.asc is not a good signature of SHA256SUMS by restic's release key/,
    );
    fs.writeFileSync(sums, original);
    check();

    // Signed by another key (an attacker's), while the key file is the release key.
    other.sign(sums);
    assert.throws(() => check(), /is not a good signature/);

    // The key file was swapped for the attacker's key, and the signature made with it:
    // refused, because the pinned fingerprint is not the one the file holds.
    assert.throws(() => check({ keyFile: other.publicKey }), /holds [0-9A-F]{40}, not only the pinned key/);
    // A key file that holds the pinned key and another one is refused too.
    const both = path.join(dir, 'both.asc');
    fs.writeFileSync(
      both,
      Buffer.concat([fs.readFileSync(release.publicKey), fs.readFileSync(other.publicKey)]),
    );
    assert.throws(() => check({ keyFile: both }), /not only the pinned key/);
    // A signature that is not a signature at all.
    fs.writeFileSync(`${sums}.asc`, 'not a signature');
    assert.throws(() => check(), /is not a good signature/);
  } finally {
    for (const k of keys) spawnSync('gpgconf', ['--homedir', k.home, '--kill', 'all'], { stdio: 'ignore' });
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** Starts fake-keyserver.mjs serving `keyFile` (or nothing); resolves to {url, stop}. */
function startKeyserver(keyFile, log) {
  const args = [path.join(here, 'fake-keyserver.mjs'), ...(keyFile ? [keyFile] : [])];
  const child = spawn(process.execPath, args, { env: { ...process.env, FAKE_KEYSERVER_LOG: log } });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.stdout.once('data', (port) =>
      resolve({ url: `hkp://127.0.0.1:${String(port).trim()}`, stop: () => child.kill() }),
    );
  });
}

test("restic's release key is received by its fingerprint, and accepted only as that key", async (t) => {
  if (!hasGpg || !hasDirmngr) return t.skip('needs gpg and dirmngr');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bb-recv-'));
  const keys = [];
  const servers = [];
  try {
    const { release, other } = twoKeys(dir, keys);
    const log = path.join(dir, 'requests.log');
    const empty = await startKeyserver(null, log);
    const wrong = await startKeyserver(other.publicKey, log);
    const good = await startKeyserver(release.publicKey, log);
    servers.push(empty, wrong, good);
    const outFile = path.join(dir, 'received', 'release-key.asc');
    const receive = (keyservers) =>
      receiveReleaseKey({ fingerprint: release.fingerprint, keyservers, outFile });

    // A server without the key and one that answers with another key are passed over.
    assert.equal(receive([empty.url, wrong.url, good.url]), outFile);
    const requests = fs.readFileSync(log, 'utf8');
    assert.equal(requests.split(`search=0x${release.fingerprint}`).length - 1, 3, requests);
    // The received key checks signatures like the key file it is.
    const sums = path.join(dir, 'SHA256SUMS');
    fs.writeFileSync(sums, `${'a'.repeat(64)}  restic_0.18.1_linux_amd64.bz2\n`);
    release.sign(sums);
    verifyDetachedSignature({
      keyFile: outFile,
      fingerprint: release.fingerprint,
      dataFile: sums,
      signatureFile: `${sums}.asc`,
    });

    // Nowhere to be had: refused, saying what each server answered and what to do.
    fs.rmSync(outFile);
    assert.throws(
      () => receive([empty.url, wrong.url]),
      /release key [0-9A-F]{40} could not be received \(hkp:\/\/127\.0\.0\.1:\d+: .*; hkp:\/\/127\.0\.0\.1:\d+: .*\); set BACKBEAT_RESTIC_RELEASE_KEY/,
    );
    assert.equal(fs.existsSync(outFile), false);

    // GnuPG itself drops keys it did not ask for; a gpg that imported whatever a server sent
    // (this wrapper imports FAKE_SERVED_KEY instead of asking the server) still could not
    // slip another key, or another key beside the right one, through.
    const lax = path.join(dir, 'lax-gpg');
    fs.writeFileSync(
      lax,
      '#!/bin/sh\ncase " $* " in *" --recv-keys "*) exec gpg --batch --no-tty --homedir "$4" --import "$FAKE_SERVED_KEY";; esac\nexec gpg "$@"\n',
      { mode: 0o755 },
    );
    const both = path.join(dir, 'both.asc');
    fs.writeFileSync(
      both,
      Buffer.concat([fs.readFileSync(release.publicKey), fs.readFileSync(other.publicKey)]),
    );
    for (const [served, said] of [
      [other.publicKey, `gave ${other.fingerprint}`],
      [both, 'gave [0-9A-F]{40}, [0-9A-F]{40}'],
    ]) {
      process.env.FAKE_SERVED_KEY = served;
      assert.throws(
        () =>
          receiveReleaseKey({ fingerprint: release.fingerprint, keyservers: [good.url], outFile, gpg: lax }),
        new RegExp(`could not be received \\(hkp://127\\.0\\.0\\.1:\\d+: ${said}\\)`),
      );
    }
    process.env.FAKE_SERVED_KEY = release.publicKey;
    assert.equal(
      receiveReleaseKey({ fingerprint: release.fingerprint, keyservers: [good.url], outFile, gpg: lax }),
      outFile,
    );
  } finally {
    for (const s of servers) s.stop();
    for (const k of keys) spawnSync('gpgconf', ['--homedir', k.home, '--kill', 'all'], { stdio: 'ignore' });
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('without GnuPG, packaging says what it needs', () => {
  const missing = path.join(os.tmpdir(), 'bb-no-such-dir', 'gpg');
  const check = {
    keyFile: 'k.asc',
    fingerprint: 'A'.repeat(40),
    dataFile: 'SHA256SUMS',
    signatureFile: 's.asc',
  };
  assert.throws(
    () => verifyDetachedSignature({ ...check, gpg: missing }),
    /Packaging needs GnuPG \(`gpg` on PATH\)/,
  );
  assert.throws(
    () =>
      receiveReleaseKey({
        fingerprint: 'A'.repeat(40),
        keyservers: ['hkp://127.0.0.1:1'],
        outFile: 'x',
        gpg: missing,
      }),
    /Packaging needs GnuPG/,
  );
});
