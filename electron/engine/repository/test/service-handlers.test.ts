// The repository's contract handlers that the app's Snapshots screen uses: startExport
// starts an "export" job that writes the archive and its .sha256 (real restic), and
// its arguments are checked at the boundary with a sentence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ContractError, parseArgs } from '../../../../shared/contract';
import type { JobInfo, JobKind } from '../../../../shared/types';
import { silentContext } from '../../runtime/progress';
import { initRepository, snapshotOperation } from '../operations';
import { checkPasswordFile } from '../repo-password';
import { repositoryHandlers } from '../service-handlers';
import { makeWorld, quiet, resticOrSkip, type RepoWorld } from './repo-fixtures';

test('startExport arguments: an archive ending is required, said in a sentence', () => {
  assert.throws(
    () => parseArgs('startExport', { snapshot: 'latest', out: '/tmp/a.tar' }),
    (err: unknown) =>
      err instanceof ContractError && /must end in \.tar\.gz, \.tgz or \.zip/.test(err.message),
  );
  assert.throws(() => parseArgs('startExport', { out: '/tmp/a.zip' }), ContractError);
  assert.deepEqual(parseArgs('startExport', { snapshot: 'one', path: '/m', out: '/tmp/a.zip' }), {
    snapshot: 'one',
    path: '/m',
    out: '/tmp/a.zip',
  });
});

function handlersFor(w: RepoWorld, started: { kind: JobKind; title: string; done: Promise<unknown> }[]) {
  return repositoryHandlers(() => ({
    dataDir: w.dataDir,
    env: process.env,
    requireLibrary: () => w.libraryPath,
    refuseWhileMutating: () => undefined,
    password: () => Promise.resolve(checkPasswordFile(w.passwordFile)),
    startJob: (kind, title, run) => {
      started.push({ kind, title, done: run(silentContext()) });
      return { id: `job-${started.length}`, kind, title } as JobInfo;
    },
  }));
}

test('startExport runs an export job that writes the archive and its SHA-256', async (t) => {
  if (!(await resticOrSkip(t))) return;
  const w = makeWorld('repo-handlers-export', 2, 20_000);
  try {
    await initRepository({ ...w.scope, repo: w.repo });
    await snapshotOperation(w.scope, { name: 'one', trigger: 'manual', ctx: quiet() });
    const started: { kind: JobKind; title: string; done: Promise<unknown> }[] = [];
    const h = handlersFor(w, started);
    const out = path.join(w.dir, 'one.tar.gz');
    const { jobId } = await h.startExport({ snapshot: 'one', out });
    assert.equal(jobId, 'job-1');
    assert.equal(started[0]!.kind, 'export');
    assert.match(started[0]!.title, /Export of snapshot one/);
    const result = (await started[0]!.done) as { file: string; sha256: string; sha256File: string };
    assert.equal(result.file, out);
    assert.equal(result.sha256, crypto.createHash('sha256').update(fs.readFileSync(out)).digest('hex'));
    assert.equal(fs.readFileSync(`${out}.sha256`, 'utf8'), `${result.sha256}  one.tar.gz\n`);

    // A folder of the snapshot, as zip; a path that is not in it fails the job with a sentence.
    const album = path.dirname(path.join(w.music, w.files[0]!));
    await h.startExport({ snapshot: 'latest', path: album, out: path.join(w.dir, 'album.zip') });
    await started[1]!.done;
    assert.ok(fs.statSync(path.join(w.dir, 'album.zip')).size > 0);
    await h.startExport({ snapshot: 'one', path: '/nowhere', out: path.join(w.dir, 'x.zip') });
    await assert.rejects(started[2]!.done, /\/nowhere is not in snapshot/);
    assert.equal(fs.existsSync(path.join(w.dir, 'x.zip')), false);
  } finally {
    w.cleanup();
  }
});
