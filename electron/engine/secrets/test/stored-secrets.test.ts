// The engine's side of the secret store, with an in-memory fake in place of Electron's
// safeStorage: where the repository password and a destination's secrets come from (an
// explicit file first), the password-file fallback when the system cannot encrypt, and
// that nothing is kept when the store is unavailable and no secret leaks into results.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { rejectsWith } from '../../test/fixtures/backup-helpers';
import { makeTempDir } from '../../test/fixtures/temp-dir';
import { createBackbeatService } from '../../app/service';
import { destAccess } from '../../destinations/dest-access';
import type { ResticBinary } from '../../repository/restic-discovery';
import { passwordEnv } from '../../repository/repo-password';
import { fileSecretStore } from '../file-secret-store';
import type { SecretName, SecretStore } from '../secret-store';
import {
  saveDestSecrets,
  saveRepoPassword,
  storedDestCredentials,
  storedRepoPassword,
} from '../stored-secrets';

const SECRET = 'correct horse battery staple';

function fakeStore(available = true): SecretStore & { kept: Map<string, string> } {
  const kept = new Map<string, string>();
  const problem = 'No keychain here (test). Choose a password file instead.';
  return {
    kept,
    availability: () => (available ? { ok: true } : { ok: false, problem }),
    get: (name: SecretName) => Promise.resolve(available ? (kept.get(name) ?? null) : null),
    set: (name: SecretName, value: string) => {
      if (!available) return Promise.reject(new Error('must not be called when unavailable'));
      kept.set(name, value);
      return Promise.resolve();
    },
    delete: (name: SecretName) => {
      kept.delete(name);
      return Promise.resolve();
    },
  };
}

function privateFile(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text, { mode: 0o600 });
  return file;
}

test('repository password: BACKBEAT_REPO_PASSWORD_FILE, then the store; refused when empty or unset', async () => {
  const tmp = makeTempDir('secrets-repo');
  try {
    const store = fakeStore();
    const password = storedRepoPassword({}, store, tmp.dir);
    await rejectsWith(password(), 'not-applicable', /No repository password: enter it in Backbeat/);
    await rejectsWith(saveRepoPassword(store, ''), 'bad-arguments', /cannot be empty/);
    assert.equal(store.kept.size, 0);

    await saveRepoPassword(store, `${SECRET}\n`);
    assert.deepEqual(await password(), { kind: 'secret', secret: SECRET });
    // restic gets it through its environment, never argv.
    assert.deepEqual(passwordEnv(await password()), { RESTIC_PASSWORD: SECRET });

    const file = privateFile(tmp.dir, 'pw', 'from the file\n');
    const explicit = storedRepoPassword({ BACKBEAT_REPO_PASSWORD_FILE: file }, store, tmp.dir);
    assert.deepEqual(await explicit(), { kind: 'file', path: file });
  } finally {
    tmp.cleanup();
  }
});

test('no keychain: nothing is stored, the error says to choose a password file, and a chosen one is used', async (t) => {
  const tmp = makeTempDir('secrets-fallback');
  try {
    const store = fakeStore(false);
    const svc = createBackbeatService({
      dataDir: tmp.dir,
      appVersion: 't',
      mode: 'electron',
      secrets: store,
    });
    t.after(() => svc.dispose());
    await rejectsWith(svc.setRepositoryPassword({ password: SECRET }), 'not-applicable', /password file/);
    assert.equal(store.kept.size, 0);
    assert.deepEqual(
      fs.readdirSync(tmp.dir).filter((f) => /secret|password/i.test(f)),
      [],
    );

    const before = await svc.getRepositoryReadiness({});
    assert.equal(before.password.ok, false);
    assert.match(
      before.password.ok ? '' : before.password.problem,
      /No repository password\. No keychain here/,
    );

    const loose = path.join(tmp.dir, 'loose');
    fs.writeFileSync(loose, `${SECRET}\n`, { mode: 0o644 });
    fs.chmodSync(loose, 0o644);
    if (process.platform !== 'win32') {
      await rejectsWith(svc.setRepositoryPassword({ passwordFile: loose }), 'bad-arguments', /chmod 600/);
    }
    const file = privateFile(tmp.dir, 'repo-password', `${SECRET}\n`);
    assert.deepEqual(await svc.setRepositoryPassword({ passwordFile: file }), { keptIn: 'password-file' });
    assert.deepEqual(await svc.getRepositoryReadiness({}).then((r) => r.password), { ok: true });
    assert.deepEqual(await storedRepoPassword({}, store, tmp.dir)(), { kind: 'file', path: file });
    // Only the path was written down.
    const notes = fs.readdirSync(tmp.dir).filter((f) => f.endsWith('.json'));
    for (const note of notes) assert.doesNotMatch(fs.readFileSync(path.join(tmp.dir, note), 'utf8'), /horse/);
  } finally {
    tmp.cleanup();
  }
});

test('the service keeps the password in the injected store; results never carry it', async (t) => {
  const tmp = makeTempDir('secrets-service');
  try {
    const store = fakeStore();
    const svc = createBackbeatService({
      dataDir: tmp.dir,
      appVersion: 't',
      mode: 'electron',
      secrets: store,
    });
    t.after(() => svc.dispose());
    const saved = await svc.setRepositoryPassword({ password: SECRET });
    assert.deepEqual(saved, { keptIn: 'keychain' });
    assert.equal(store.kept.get('repo-password'), SECRET);
    const readiness = await svc.getRepositoryReadiness({});
    assert.deepEqual(readiness.password, { ok: true });
    assert.doesNotMatch(JSON.stringify(readiness), /horse/);

    await svc.setDestinationSecrets({
      name: 'offsite',
      credentials: { AWS_ACCESS_KEY_ID: 'AKIA1', AWS_SECRET_ACCESS_KEY: 's/3=x"' },
    });
    assert.deepEqual(await storedDestCredentials(store, 'offsite'), {
      AWS_ACCESS_KEY_ID: 'AKIA1',
      AWS_SECRET_ACCESS_KEY: 's/3=x"',
    });
    await rejectsWith(
      svc.setDestinationSecrets({ name: 'offsite', credentials: { LD_PRELOAD: '/tmp/x.so' } }),
      'bad-arguments',
      /sets LD_PRELOAD; only AWS_ACCESS_KEY_ID/,
    );
    await rejectsWith(
      svc.setDestinationSecrets({ name: 'offsite' }),
      'bad-arguments',
      /password, credentials or both/,
    );

    // Browser mode (no store injected): secrets stay in the user's files; nothing is taken.
    const browser = createBackbeatService({
      dataDir: path.join(tmp.dir, 'b'),
      appVersion: 't',
      mode: 'browser',
    });
    t.after(() => browser.dispose());
    await rejectsWith(
      browser.setRepositoryPassword({ password: SECRET }),
      'not-applicable',
      /BACKBEAT_REPO_PASSWORD_FILE/,
    );
    assert.equal(fileSecretStore().availability().ok, false);
  } finally {
    tmp.cleanup();
  }
});

test("a destination: its credentials file wins, else the kept credentials and password reach restic's environment", async () => {
  const tmp = makeTempDir('secrets-dest');
  try {
    const store = fakeStore();
    await saveDestSecrets(store, 'cloud', {
      password: 'dest secret',
      credentials: { AWS_ACCESS_KEY_ID: 'AKIA2', AWS_SECRET_ACCESS_KEY: 'kept' },
    });
    const restic: ResticBinary = { path: '/bin/false', version: '0.18.0', source: 'PATH' };
    const dest = {
      name: 'cloud',
      location: 's3:https://s3.example.invalid/bucket/backbeat',
      options: [],
      credentialsFile: null,
      passwordFile: null,
    };
    const repoPassword = () => Promise.resolve({ kind: 'secret', secret: 'repo' } as const);
    const kept = await destAccess(restic, dest, repoPassword, undefined, store);
    assert.deepEqual(kept.env, { AWS_ACCESS_KEY_ID: 'AKIA2', AWS_SECRET_ACCESS_KEY: 'kept' });
    assert.deepEqual(kept.access.password, { kind: 'secret', secret: 'dest secret' });

    const credentialsFile = privateFile(
      tmp.dir,
      'creds',
      'AWS_ACCESS_KEY_ID=FROMFILE\nAWS_SECRET_ACCESS_KEY=f\n',
    );
    const fromFile = await destAccess(restic, { ...dest, credentialsFile }, repoPassword, undefined, store);
    assert.deepEqual(fromFile.env, { AWS_ACCESS_KEY_ID: 'FROMFILE', AWS_SECRET_ACCESS_KEY: 'f' });

    // Nothing kept for another destination: the repository's password, no variables.
    const other = await destAccess(restic, { ...dest, name: 'other' }, repoPassword, undefined, store);
    assert.deepEqual(other.env, {});
    assert.deepEqual(other.access.password, { kind: 'secret', secret: 'repo' });

    store.kept.set('dest-credentials:cloud', '{not json');
    await rejectsWith(storedDestCredentials(store, 'cloud'), 'bad-arguments', /damaged/);
  } finally {
    tmp.cleanup();
  }
});
