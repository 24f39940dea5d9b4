// The safeStorage-backed store with a fake safeStorage (Electron cannot run here): the
// blob on disk is what encryptString made (no plain text), mode 0600, written without
// leftovers; an unavailable keychain or Linux's "basic_text" fallback stores nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { rejectsWith } from '../../engine/test/fixtures/backup-helpers';
import { makeTempDir } from '../../engine/test/fixtures/temp-dir';
import { safeStorageSecretStore, SECRETS_FILE, type SafeStorageLike } from '../safe-storage-secrets';

/** Stands in for the OS keychain: reversible, but never the plain text. */
function fakeSafeStorage(available = true, backend = 'gnome_libsecret'): SafeStorageLike & { calls: number } {
  const key = 0x5a;
  const fake = {
    calls: 0,
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString: (text: string) => {
      fake.calls++;
      return Buffer.concat([Buffer.from('v10'), Buffer.from(text, 'utf8').map((b) => b ^ key)]);
    },
    decryptString: (blob: Buffer) => {
      if (blob.subarray(0, 3).toString() !== 'v10') throw new Error('not ours');
      return Buffer.from(blob.subarray(3).map((b) => b ^ key)).toString('utf8');
    },
  };
  return fake;
}

test('secrets are encrypted into one 0600 file in the data folder and read back', async () => {
  const tmp = makeTempDir('safe-storage');
  try {
    const safe = fakeSafeStorage();
    const store = safeStorageSecretStore(tmp.dir, safe, 'linux');
    assert.deepEqual(store.availability(), { ok: true });
    assert.equal(await store.get('repo-password'), null);
    await Promise.all([
      store.set('repo-password', 'correct horse'),
      store.set('dest-credentials:offsite', '{"AWS_ACCESS_KEY_ID":"AKIA"}'),
    ]);
    const file = path.join(tmp.dir, SECRETS_FILE);
    const raw = fs.readFileSync(file);
    assert.doesNotMatch(raw.toString('latin1'), /horse|AKIA/);
    if (process.platform !== 'win32') assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(fs.readdirSync(tmp.dir), [SECRETS_FILE], 'no temp file left');

    const reopened = safeStorageSecretStore(tmp.dir, safe, 'linux');
    assert.equal(await reopened.get('repo-password'), 'correct horse');
    assert.equal(await reopened.get('dest-credentials:offsite'), '{"AWS_ACCESS_KEY_ID":"AKIA"}');
    await reopened.delete('repo-password');
    assert.equal(await reopened.get('repo-password'), null);
    assert.equal(await reopened.get('dest-credentials:offsite'), '{"AWS_ACCESS_KEY_ID":"AKIA"}');

    fs.writeFileSync(file, 'garbage');
    await rejectsWith(reopened.get('dest-credentials:offsite'), 'corrupt', /cannot be decrypted/);
  } finally {
    tmp.cleanup();
  }
});

test('no keychain (or Linux basic_text): refused with a sentence about a password file, nothing written', async () => {
  const tmp = makeTempDir('safe-storage-none');
  try {
    for (const [safe, platform] of [
      [fakeSafeStorage(false), 'darwin'],
      [fakeSafeStorage(true, 'basic_text'), 'linux'],
    ] as const) {
      const store = safeStorageSecretStore(tmp.dir, safe, platform);
      const a = store.availability();
      assert.equal(a.ok, false);
      assert.match(a.ok ? '' : a.problem, /no keychain .* Choose a password file/);
      await rejectsWith(store.set('repo-password', 'correct horse'), 'not-applicable', /password file/);
      assert.equal(await store.get('repo-password'), null);
      assert.equal(safe.calls, 0, 'nothing was encrypted');
    }
    assert.deepEqual(fs.readdirSync(tmp.dir), []);
    // basic_text is a Linux-only answer; elsewhere an available keychain is used.
    assert.deepEqual(
      safeStorageSecretStore(tmp.dir, fakeSafeStorage(true, 'basic_text'), 'darwin').availability(),
      {
        ok: true,
      },
    );
  } finally {
    tmp.cleanup();
  }
});
