// The snapshot listing kept between snapshots: used only while the repository's
// snapshots/ folder holds exactly the files it held when restic listed, never for a
// remote repository, and a damaged cache file only costs a restic call. An empty
// snapshots/ folder needs no restic; a snapshot just made is added to the kept listing
// only when its file is the only one that appeared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { makeTempDir } from '../../test/fixtures/temp-dir';
import type { RepoAccess } from '../restic-runner';
import {
  cachedSnapshotRecords,
  localRepositoryFolder,
  rememberCreatedSnapshot,
} from '../snapshot-listing-cache';
import type { LibrarySnapshotRecord } from '../snapshots';

function record(id: string): LibrarySnapshotRecord {
  return {
    entry: {
      id,
      shortId: id.slice(0, 8),
      time: '2026-12-07T10:00:00Z',
      name: null,
      trigger: 'manual',
      filesNew: 1,
      filesChanged: 0,
      dataAdded: 10,
      totalFiles: 1,
      totalBytes: 10,
    },
    paths: ['/music'],
  };
}

function accessTo(repo: string): RepoAccess {
  return { repo } as RepoAccess;
}

/** A local repository with a snapshots/ folder, and restic's listing played by `answer`, counted. */
function localWorld(dir: string): {
  repo: string;
  dataDir: string;
  calls: () => number;
  setAnswer: (records: LibrarySnapshotRecord[]) => void;
  list: () => Promise<LibrarySnapshotRecord[]>;
} {
  const repo = path.join(dir, 'repo');
  fs.mkdirSync(path.join(repo, 'snapshots'), { recursive: true });
  let answer: LibrarySnapshotRecord[] = [];
  let calls = 0;
  return {
    repo,
    dataDir: path.join(dir, 'data'),
    calls: () => calls,
    setAnswer: (records) => {
      answer = records;
    },
    list: () => {
      calls += 1;
      return Promise.resolve(answer);
    },
  };
}

test('listing cache: restic is asked again exactly when the snapshot files change', async () => {
  const { dir, cleanup } = makeTempDir('listing-cache-');
  try {
    const { repo, dataDir, list, setAnswer, calls } = localWorld(dir);
    const ask = (): Promise<LibrarySnapshotRecord[]> =>
      cachedSnapshotRecords(dataDir, accessTo(repo), 'lib', list);
    fs.writeFileSync(path.join(repo, 'snapshots', 'a'.repeat(64)), '');
    let answer = [record('a'.repeat(64))];
    setAnswer(answer);

    assert.deepEqual(await ask(), answer);
    assert.equal(calls(), 1);
    assert.deepEqual(await ask(), answer, 'the same files: the kept listing');
    assert.equal(calls(), 1);

    fs.writeFileSync(path.join(repo, 'snapshots', 'b'.repeat(64)), '');
    answer = [record('a'.repeat(64)), record('b'.repeat(64))];
    setAnswer(answer);
    assert.deepEqual(await ask(), answer, 'a snapshot added: restic again');
    assert.equal(calls(), 2);

    fs.rmSync(path.join(repo, 'snapshots', 'a'.repeat(64)));
    answer = [record('b'.repeat(64))];
    setAnswer(answer);
    assert.deepEqual(await ask(), answer, 'a snapshot forgotten: restic again');
    assert.equal(calls(), 3);
    assert.equal((await ask()).length, 1);
    assert.equal(calls(), 3);

    const other = cachedSnapshotRecords(dataDir, accessTo(`local:${repo}`), 'lib', list);
    assert.deepEqual(await other, answer, 'another spelling of the repository: not trusted');
    assert.equal(calls(), 4);

    const cacheFile = path.join(dataDir, 'repository-listings', 'lib.json');
    fs.writeFileSync(cacheFile, '{"repo": 1');
    assert.deepEqual(await cachedSnapshotRecords(dataDir, accessTo(`local:${repo}`), 'lib', list), answer);
    assert.equal(calls(), 5, 'a damaged cache file: restic again, and no error');
  } finally {
    cleanup();
  }
});

test('listing cache: an empty repository, and a new snapshot added only when it is the only change', async () => {
  const { dir, cleanup } = makeTempDir('listing-cache-new-');
  try {
    const { repo, dataDir, list, setAnswer, calls } = localWorld(dir);
    const ask = (): Promise<LibrarySnapshotRecord[]> =>
      cachedSnapshotRecords(dataDir, accessTo(repo), 'lib', list);
    assert.deepEqual(await ask(), []);
    assert.equal(calls(), 0, 'no snapshot files: no snapshots, no restic');

    // Backbeat made snapshot a: its file is the only new one, so the kept listing has it.
    fs.writeFileSync(path.join(repo, 'snapshots', 'a'.repeat(64)), '');
    await rememberCreatedSnapshot(dataDir, accessTo(repo), 'lib', record('a'.repeat(64)));
    assert.deepEqual(await ask(), [record('a'.repeat(64))]);
    assert.equal(calls(), 0);

    // Snapshot b appeared beside Backbeat's c (another program): c is not added.
    fs.writeFileSync(path.join(repo, 'snapshots', 'b'.repeat(64)), '');
    fs.writeFileSync(path.join(repo, 'snapshots', 'c'.repeat(64)), '');
    await rememberCreatedSnapshot(dataDir, accessTo(repo), 'lib', record('c'.repeat(64)));
    const all = ['a', 'b', 'c'].map((x) => record(x.repeat(64)));
    setAnswer(all);
    assert.deepEqual(await ask(), all, 'restic lists again');
    assert.equal(calls(), 1);
  } finally {
    cleanup();
  }
});

test('listing cache: a remote repository is always listed by restic', async () => {
  const { dir, cleanup } = makeTempDir('listing-cache-remote-');
  try {
    let calls = 0;
    const list = (): Promise<LibrarySnapshotRecord[]> => {
      calls += 1;
      return Promise.resolve([record('c'.repeat(64))]);
    };
    for (const repo of ['sftp:user@host:/backups', 's3:https://host/bucket', 'rclone:remote:path']) {
      assert.equal(localRepositoryFolder(repo), null);
      await cachedSnapshotRecords(dir, accessTo(repo), 'lib', list);
      await cachedSnapshotRecords(dir, accessTo(repo), 'lib', list);
    }
    assert.equal(calls, 6);
    assert.equal(localRepositoryFolder('/backups/repo'), '/backups/repo');
    assert.equal(localRepositoryFolder('local:/backups/repo'), '/backups/repo');
  } finally {
    cleanup();
  }
});
