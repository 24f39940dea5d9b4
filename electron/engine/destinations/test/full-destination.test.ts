// A destination that is full: a small tmpfs (mounted here, so the test needs root and
// says so when it is not) filled up by another file. The copy fails with a sentence
// that says the destination is full, the local repository is untouched, and once the
// other file is deleted the next copy completes and its data reads back whole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { initRepository, listSnapshotsOperation, snapshotOperation } from '../../repository/operations';
import { makeWorld, quiet, resticOrSkip } from '../../repository/test/repo-fixtures';
import { checkDestinationOperation } from '../check';
import { copyOperation } from '../copy';
import { addDestination, listDestinations, type DestScope } from '../operations';
import { mountTmpfs } from './dest-fixtures';
import { checkDestination } from './roundtrip';

test('a full destination: a clear sentence, nothing lost locally; after freeing space the copy completes', async (t) => {
  const restic = await resticOrSkip(t);
  if (!restic) return;
  // 12 MB of incompressible audio against a 24 MB disk with 20 MB taken by other files.
  const w = makeWorld('dest-full', 6, 2 * 1024 * 1024);
  const disk = path.join(w.dir, 'small-disk');
  fs.mkdirSync(disk);
  if (!mountTmpfs(t, disk, 24, 'full-destination')) {
    w.cleanup();
    return;
  }
  try {
    const scope: DestScope = { ...w.scope, now: () => new Date('2026-03-01T00:00:00Z') };
    await initRepository({ ...w.scope, repo: w.repo });
    await snapshotOperation(w.scope, { trigger: 'manual', ctx: quiet() });
    const location = path.join(disk, 'copy');
    await addDestination(scope, { name: 'small', location });
    const other = path.join(disk, 'other files');
    fs.writeFileSync(other, Buffer.alloc(20 * 1024 * 1024, 1));

    const full = (await copyOperation(scope, { ctx: quiet() })).destinations[0]!;
    assert.equal(full.status, 'failed');
    assert.equal(
      full.error,
      `The destination "small" (${location}) is full: restic could not store more there. Nothing local was changed. Free some space there (or remove old snapshots with "backbeat dest prune small"), then copy again: it picks up where this one stopped.`,
    );
    assert.equal(listDestinations(scope)[0]!.lastCopy, null);
    // Nothing lost locally: the snapshot is there and every byte of it reads back.
    assert.equal((await listSnapshotsOperation(w.scope)).length, 1);
    await checkDestination(restic, w, { location: w.repo });

    fs.rmSync(other);
    const done = (await copyOperation(scope, { ctx: quiet() })).destinations[0]!;
    assert.equal(done.error, null);
    assert.equal(done.snapshotsCopied, 1);
    const checked = await checkDestinationOperation(scope, {
      name: 'small',
      readDataPercent: 100,
      ctx: quiet(),
    });
    assert.equal(checked.outcome, 'ok', checked.message);
    const entry = listDestinations(scope)[0]!;
    assert.equal(entry.lastCheck?.readDataPercent, 100);
    assert.ok(entry.size !== null && entry.size >= 12 * 1024 * 1024, `size ${entry.size}`);
  } finally {
    execFileSync('umount', ['-l', disk]);
    w.cleanup();
  }
});
