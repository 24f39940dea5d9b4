// A repository password given in the app against a real restic: a wrong one (typed or in
// a file) is refused with a sentence and never kept; the readiness check says when the
// password Backbeat has no longer opens the repository, and what the app may take.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { rejectsWith } from '../../test/fixtures/backup-helpers';
import { initRepository } from '../../repository/operations';
import { makeWorld, resticOrSkip } from '../../repository/test/repo-fixtures';
import { repositoryHandlers } from '../../repository/service-handlers';
import { fileSecretStore } from '../file-secret-store';
import { readPasswordFileChoice } from '../password-file-choice';
import type { SecretName, SecretStore } from '../secret-store';
import { secretHandlers } from '../service-handlers';

function memoryStore(): SecretStore & { kept: Map<string, string> } {
  const kept = new Map<string, string>();
  return {
    kept,
    availability: () => ({ ok: true }),
    get: (name: SecretName) => Promise.resolve(kept.get(name) ?? null),
    set: (name: SecretName, value: string) => Promise.resolve(void kept.set(name, value)),
    delete: (name: SecretName) => Promise.resolve(void kept.delete(name)),
  };
}

function privateFile(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text, { mode: 0o600 });
  return file;
}

test('keychain: a wrong password is refused and not kept; a kept one that stopped working is said as wrong', async (t) => {
  if (!(await resticOrSkip(t))) return;
  const w = makeWorld('password-check-keychain', 1);
  try {
    await initRepository({ ...w.scope, repo: w.repo });
    const right = fs.readFileSync(w.passwordFile, 'utf8').trim();
    const store = memoryStore();
    const env = { ...process.env, BACKBEAT_REPO_PASSWORD_FILE: '' };
    const secrets = secretHandlers(() => ({
      dataDir: w.dataDir,
      store,
      library: { libraryPath: w.libraryPath, env },
    }));
    const repo = repositoryHandlers(() => ({
      dataDir: w.dataDir,
      env,
      secrets: store,
      requireLibrary: () => w.libraryPath,
      refuseWhileMutating: () => undefined,
      startJob: () => {
        throw new Error('no jobs here');
      },
    }));

    const before = await repo.getRepositoryReadiness({});
    assert.equal(before.passwordInput, 'password');
    assert.equal(before.password.ok, false);

    const err = await rejectsWith(
      secrets.setRepositoryPassword({ password: 'not the password' }),
      'bad-arguments',
      /That password does not open the repository at /,
    );
    assert.doesNotMatch(err.message, /not the password/);
    assert.equal(store.kept.size, 0);

    assert.deepEqual(await secrets.setRepositoryPassword({ password: right }), { keptIn: 'keychain' });
    assert.deepEqual((await repo.getRepositoryReadiness({})).password, { ok: true });

    // The repository's password changed elsewhere (here: the kept one is damaged).
    store.kept.set('repo-password', 'stale password');
    const stale = await repo.getRepositoryReadiness({});
    assert.equal(stale.password.ok, false);
    assert.equal(!stale.password.ok && stale.password.wrong, true);
    assert.match(!stale.password.ok ? stale.password.problem : '', /does not open the repository at /);
    assert.doesNotMatch(JSON.stringify(stale), /stale password/);
  } finally {
    w.cleanup();
  }
});

test('browser mode: only a password file is taken; a wrong one is refused, the right one is used', async (t) => {
  if (!(await resticOrSkip(t))) return;
  const w = makeWorld('password-check-file', 1);
  try {
    await initRepository({ ...w.scope, repo: w.repo });
    const env = { ...process.env, BACKBEAT_REPO_PASSWORD_FILE: '' };
    const store = fileSecretStore();
    const secrets = secretHandlers(() => ({
      dataDir: w.dataDir,
      store,
      library: { libraryPath: w.libraryPath, env },
    }));
    const repo = repositoryHandlers(() => ({
      dataDir: w.dataDir,
      env,
      requireLibrary: () => w.libraryPath,
      refuseWhileMutating: () => undefined,
      startJob: () => {
        throw new Error('no jobs here');
      },
    }));
    const before = await repo.getRepositoryReadiness({});
    assert.equal(before.passwordInput, 'password-file');
    assert.match(!before.password.ok ? before.password.problem : '', /BACKBEAT_REPO_PASSWORD_FILE/);
    await rejectsWith(secrets.setRepositoryPassword({ password: 'typed' }), 'not-applicable', /file/);

    const wrong = privateFile(w.dir, 'wrong', 'not the password\n');
    await rejectsWith(
      secrets.setRepositoryPassword({ passwordFile: wrong }),
      'bad-arguments',
      /The password in that file does not open the repository at /,
    );
    assert.equal(readPasswordFileChoice(w.dataDir), null);

    assert.deepEqual(await secrets.setRepositoryPassword({ passwordFile: w.passwordFile }), {
      keptIn: 'password-file',
    });
    const after = await repo.getRepositoryReadiness({});
    assert.deepEqual(after.password, { ok: true });
    assert.equal((await repo.listSnapshots({})).length, 0);

    // BACKBEAT_REPO_PASSWORD_FILE always wins: the app cannot take a password then.
    const fixed = repositoryHandlers(() => ({
      dataDir: w.dataDir,
      env: { ...env, BACKBEAT_REPO_PASSWORD_FILE: wrong },
      requireLibrary: () => w.libraryPath,
      refuseWhileMutating: () => undefined,
      startJob: () => {
        throw new Error('no jobs here');
      },
    }));
    const pinned = await fixed.getRepositoryReadiness({});
    assert.equal(pinned.passwordInput, 'none');
    assert.match(
      !pinned.password.ok ? pinned.password.problem : '',
      /password in BACKBEAT_REPO_PASSWORD_FILE/,
    );
  } finally {
    w.cleanup();
  }
});
