// A REST destination (rclone serve restic) whose disk is full: a small tmpfs (mounted
// here, so the test needs root and says so when it is not) mostly taken by another
// file. rclone answers each store with a bare "500"; the copy stops after four of them
// with a sentence (not after restic's many minutes of retries), the local repository
// is untouched, and once space is freed the next copy completes and reads back whole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { initRepository, listSnapshotsOperation, snapshotOperation } from '../../repository/operations';
import { makeWorld, quiet, resticOrSkip } from '../../repository/test/repo-fixtures';
import { copyOperation } from '../copy';
import { addDestination, listDestinations, type DestScope } from '../operations';
import { binaryOrSkip, mountTmpfs, RCLONE, startRestServer } from './dest-fixtures';
import { checkDestination } from './roundtrip';

test('a full REST destination: a sentence, nothing lost locally; after freeing space the copy completes', async (t) => {
  const restic = await resticOrSkip(t);
  if (!restic || !binaryOrSkip(t, RCLONE, 'rclone', 'rclone')) return;
  // 6 MB of incompressible audio against a 12 MB disk with 9 MB taken by another file.
  const w = makeWorld('dest-rest-full', 6, 1024 * 1024);
  const disk = path.join(w.dir, 'small-disk');
  fs.mkdirSync(disk);
  if (!mountTmpfs(t, disk, 12, 'full REST destination')) {
    w.cleanup();
    return;
  }
  const server = await startRestServer(disk);
  try {
    const scope: DestScope = { ...w.scope, now: () => new Date('2026-03-01T00:00:00Z') };
    await initRepository({ ...w.scope, repo: w.repo });
    await snapshotOperation(w.scope, { trigger: 'manual', ctx: quiet() });
    const location = `rest:${server.url}copy`;
    await addDestination(scope, { name: 'server', location });
    const other = path.join(disk, 'other files');
    fs.writeFileSync(other, Buffer.alloc(9 * 1024 * 1024, 1));

    const full = (await copyOperation(scope, { ctx: quiet() })).destinations[0]!;
    assert.equal(full.status, 'failed');
    // rclone answers "500" and nothing more: restic would retry for many minutes; the
    // watchdog stops it after four such answers in a row and says what it may be.
    assert.equal(
      full.error,
      'Destination "server" refused to store data: its server answered HTTP 500 to 4 tries in a row, so the copy was stopped. Its disk may be full, or the server has a problem; look at the server. Nothing local changed; the next copy picks up where this one stopped.',
    );
    assert.equal(listDestinations(scope)[0]!.lastCopy, null);
    assert.equal((await listSnapshotsOperation(w.scope)).length, 1);
    await checkDestination(restic, w, { location: w.repo });

    fs.rmSync(other);
    const done = (await copyOperation(scope, { ctx: quiet() })).destinations[0]!;
    assert.equal(done.error, null);
    assert.equal(done.snapshotsCopied, 1);
    await checkDestination(restic, w, { location });
  } finally {
    await server.stop();
    execFileSync('umount', ['-l', disk]);
    w.cleanup();
  }
});
