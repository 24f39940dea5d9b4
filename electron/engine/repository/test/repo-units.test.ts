// The repository's pure parts: restic discovery and version check, the password file
// rules, folder proposals and exclude translation, snapshot references and tags, and
// what a backup's item lines say of a new snapshot against its parent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { rejectsWith } from '../../test/fixtures/backup-helpers';
import { makeTempDir } from '../../test/fixtures/temp-dir';
import { proposeFolders, proposeFoldersForLibrary, resticExclude, checkExcludePattern } from '../folders';
import { writeLibrary } from './repo-fixtures';
import { checkPasswordFile, passwordEnv, secretPassword } from '../repo-password';
import { findRestic, isNewEnough, locateRestic, parseResticVersion } from '../restic-discovery';
import { resolveSnapshotRef } from '../snapshots';
import { compareWithParent } from '../snapshot-parent-compare';
import { snapshotEntry, snapshotTags } from '../snapshot-tags';

test('restic version: parsed from its answer, 0.17 is the minimum', () => {
  assert.deepEqual(parseResticVersion('restic 0.18.0 compiled with go1.24.4 on linux/amd64\n'), [0, 18, 0]);
  assert.equal(parseResticVersion('rsync  version 3.2.7'), null);
  assert.equal(isNewEnough([0, 17, 0]), true);
  assert.equal(isNewEnough([0, 18, 1]), true);
  assert.equal(isNewEnough([1, 0, 0]), true);
  assert.equal(isNewEnough([0, 16, 4]), false);
  assert.equal(isNewEnough([0, 14, 0]), false);
});

test('discovery: BACKBEAT_RESTIC wins over PATH; a missing or old restic is a clear error', async (t) => {
  if (process.platform === 'win32') return t.skip('shell scripts stand in for restic here');
  const tmp = makeTempDir('restic-discovery');
  try {
    const old = path.join(tmp.dir, 'old', 'restic');
    fs.mkdirSync(path.dirname(old));
    fs.writeFileSync(old, '#!/bin/sh\necho "restic 0.14.0 compiled with go1.19 on linux/amd64"\n', {
      mode: 0o755,
    });
    const fine = path.join(tmp.dir, 'fine', 'restic');
    fs.mkdirSync(path.dirname(fine));
    fs.writeFileSync(fine, '#!/bin/sh\necho "restic 0.18.1 compiled with go1.24 on linux/amd64"\n', {
      mode: 0o755,
    });

    assert.deepEqual(locateRestic({ PATH: path.dirname(fine) }), { path: fine, source: 'PATH' });
    assert.deepEqual(locateRestic({ PATH: path.dirname(fine), BACKBEAT_RESTIC: old }), {
      path: old,
      source: 'BACKBEAT_RESTIC',
    });
    assert.equal(locateRestic({ PATH: path.join(tmp.dir, 'nowhere') }), null);

    const found = await findRestic({ PATH: path.dirname(fine) });
    assert.equal(found.version, '0.18.1');
    await rejectsWith(
      findRestic({ BACKBEAT_RESTIC: old }),
      'not-applicable',
      /0\.14\.0 .* too old: Backbeat needs 0\.17\.0/,
    );
    await rejectsWith(
      findRestic({ BACKBEAT_RESTIC: path.join(tmp.dir, 'missing') }),
      'not-applicable',
      /not found at .*missing.*BACKBEAT_RESTIC/,
    );
    await rejectsWith(
      findRestic({ PATH: path.join(tmp.dir, 'nowhere') }),
      'not-applicable',
      /restic was not found\. Install restic 0\.17/,
    );
  } finally {
    tmp.cleanup();
  }
});

test('password file: refused when others can read it, accepted at 0600, passed by path only', (t) => {
  if (process.platform === 'win32') return t.skip('POSIX modes only');
  const tmp = makeTempDir('repo-password');
  try {
    const file = path.join(tmp.dir, 'pw');
    fs.writeFileSync(file, 'hunter2\n', { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    assert.throws(() => checkPasswordFile(file), /can be read by other users \(mode 644\).*chmod 600/);
    fs.chmodSync(file, 0o640);
    assert.throws(() => checkPasswordFile(file), /can be read by other users/);
    fs.chmodSync(file, 0o600);
    const ok = checkPasswordFile(file);
    assert.deepEqual(passwordEnv(ok), { RESTIC_PASSWORD_FILE: file });
    assert.throws(() => checkPasswordFile(path.join(tmp.dir, 'none')), /does not exist/);
    const empty = path.join(tmp.dir, 'empty');
    fs.writeFileSync(empty, '', { mode: 0o600 });
    assert.throws(() => checkPasswordFile(empty), /is empty/);
    // The errors never carry the password itself.
    try {
      fs.chmodSync(file, 0o666);
      checkPasswordFile(file);
    } catch (err) {
      assert.doesNotMatch((err as Error).message, /hunter2/);
    }
    assert.deepEqual(passwordEnv(secretPassword('s3cret\n')), { RESTIC_PASSWORD: 's3cret' });
    assert.throws(() => secretPassword('\n'), /cannot be empty/);
  } finally {
    tmp.cleanup();
  }
});

test('folders are proposed from file paths: one common folder per root', () => {
  assert.deepEqual(
    proposeFolders([
      '/mnt/music/A/one/1.flac',
      '/mnt/music/B/two/2.flac',
      '/mnt/music/B/three/3.mp3',
      '/home/ana/Music/Old/x.mp3',
      '/home/ana/Music/New/y.mp3',
      'relative/ignored.mp3',
    ]),
    ['/home/ana/Music', '/mnt/music'],
  );
  assert.deepEqual(proposeFolders(['/mnt/music/A/1.flac']), ['/mnt/music/A']);
  assert.deepEqual(proposeFolders([]), []);
});

test("a library's relative file paths are proposed from the library's own folder", () => {
  const tmp = makeTempDir('repo-propose');
  try {
    const lib = path.join(tmp.dir, 'library.db');
    writeLibrary(lib, ['music/A/one/1.flac', 'music/B/2.flac', '/mnt/other/C/3.mp3']);
    assert.deepEqual(proposeFoldersForLibrary(lib), ['/mnt/other/C', path.join(tmp.dir, 'music')].sort());
  } finally {
    tmp.cleanup();
  }
});

test('gitignore-style excludes become anchored restic patterns', () => {
  assert.equal(resticExclude('/mnt/music', '*.tmp'), '/mnt/music/**/*.tmp');
  assert.equal(resticExclude('/mnt/music', 'Podcasts/'), '/mnt/music/**/Podcasts');
  assert.equal(resticExclude('/mnt/music', '/Podcasts'), '/mnt/music/Podcasts');
  assert.equal(resticExclude('/mnt/music', 'Live/*.wav'), '/mnt/music/Live/*.wav');
  assert.throws(() => checkExcludePattern('  '), /not an exclude pattern/);
  assert.throws(() => checkExcludePattern('!keep.mp3'), /Negated patterns/);
});

test('snapshot tags carry name and trigger; references resolve by id, prefix, name and latest', () => {
  const tags = snapshotTags('abc', 'manual', 'before, rescan');
  assert.deepEqual(tags, ['backbeat', 'library=abc', 'trigger=manual', 'name=before%2C%20rescan']);
  const entry = (id: string, time: string, name: string | null) =>
    snapshotEntry({
      id,
      time,
      paths: ['/m'],
      tags: snapshotTags('abc', 'manual', name),
      summary: { files_new: 1, files_changed: 2, data_added: 3 },
    });
  const a = entry('a1'.padEnd(64, '0'), '2026-01-01T00:00:00Z', 'before, rescan');
  const b = entry('a2'.padEnd(64, '0'), '2026-01-02T00:00:00Z', null);
  assert.equal(a.name, 'before, rescan');
  assert.equal(a.trigger, 'manual');
  assert.deepEqual([a.filesNew, a.filesChanged, a.dataAdded], [1, 2, 3]);
  const list = [a, b];
  assert.equal(resolveSnapshotRef(list, 'latest'), b);
  assert.equal(resolveSnapshotRef(list, 'before, rescan'), a);
  assert.equal(resolveSnapshotRef(list, 'a2'), b);
  assert.throws(() => resolveSnapshotRef(list, 'a'), /matches 2 snapshots/);
  assert.throws(() => resolveSnapshotRef(list, 'ff'), /No snapshot/);
  assert.throws(() => resolveSnapshotRef([], 'latest'), /no snapshots/);
});

test('a new snapshot equals its parent but for the folders above its paths only when restic says so of each path', () => {
  if (process.platform === 'win32') return;
  const targets = ['/home/u/Music', '/home/u/.backbeat/staging/db/library.db'];
  const item = (action: string, p: string) => ({ message_type: 'verbose_status', action, item: p });
  const fed = (parentPaths: string[], lines: object[]) => {
    const c = compareWithParent(targets, parentPaths);
    for (const l of lines) c.observe(l);
    return c.onlyFoldersAboveChanged();
  };
  const bothUnchanged = [
    item('unchanged', '/home/u/Music/Artist/a.flac'),
    item('unchanged', '/home/u/Music/'),
    item('unchanged', '/home/u/.backbeat/staging/db/library.db'),
  ];
  // The home folder's times changed: it and the folders below it on the way are modified.
  const above = [
    item('modified', '/home/'),
    item('modified', '/home/u/'),
    item('modified', '/home/u/.backbeat/'),
  ];
  assert.equal(fed(targets, [...bothUnchanged, ...above]), true);
  assert.equal(fed([...targets].reverse(), bothUnchanged), true, 'the order of the paths does not matter');
  // Anything else cannot be told from these lines.
  assert.equal(
    fed(targets, [...above, item('unchanged', '/home/u/Music/')]),
    false,
    'the database not reported',
  );
  assert.equal(fed(targets, [...bothUnchanged, item('modified', '/home/u/Music/Artist/')]), false);
  assert.equal(fed(targets, [...bothUnchanged, item('new', '/home/u/Music/Artist/')]), false);
  assert.equal(fed(targets, [item('modified', '/home/u/Music/'), ...bothUnchanged.slice(2)]), false);
  assert.equal(fed([...targets, '/home/u/Podcasts'], bothUnchanged), false, 'the parent held another folder');
  assert.equal(fed(targets.slice(0, 1), bothUnchanged), false);
  assert.equal(fed(targets, [{ message_type: 'status', item: '/home/u/Music/' }]), false);
});
