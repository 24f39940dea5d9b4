// A folder destination (another disk) against a real restic: the round trip, a copy
// killed half-way that completes next time, the destination's disk gone, wrong
// password, and recover into a folder that is not empty.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { rejectsWith } from '../../test/fixtures/backup-helpers';
import { initRepository, listSnapshotsOperation, snapshotOperation } from '../../repository/operations';
import type { ResticBinary } from '../../repository/restic-discovery';
import { audioBytes, makeWorld, quiet, resticOrSkip } from '../../repository/test/repo-fixtures';
import { copyOperation } from '../copy';
import { addDestination, listDestinations, removeDestination, type DestScope } from '../operations';
import { recoverOperation } from '../recover';
import { packCount } from './dest-fixtures';
import { checkDestination, roundTrip } from './roundtrip';

test('folder destination: add, copy only what it lacks, recover equals the original', async (t) => {
  const restic = await resticOrSkip(t);
  if (!restic) return;
  const w = makeWorld('dest-folder', 6);
  try {
    fs.mkdirSync(path.join(w.dir, 'other-disk'));
    await roundTrip(restic, w, { location: path.join(w.dir, 'other-disk', 'copy') });
  } finally {
    w.cleanup();
  }
});

/** Runs restic copy into `dest` and kill -9s it once a first pack is stored. */
function killMidCopy(restic: ResticBinary, repo: string, dest: string, passwordFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(restic.path, ['-r', dest, '--pack-size', '4', 'copy', '--from-repo', repo], {
      env: {
        ...process.env,
        RESTIC_PASSWORD_FILE: passwordFile,
        RESTIC_FROM_PASSWORD_FILE: passwordFile,
        RESTIC_PROGRESS_FPS: '30',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Killed as soon as the first pack is on the destination (polled: restic's own
    // progress counter runs ahead of what is stored).
    const poll = setInterval(() => {
      if (packCount(dest) > 0) child.kill('SIGKILL');
    }, 5);
    child.stdout.resume();
    child.stderr.resume();
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearInterval(poll);
      return signal === 'SIGKILL'
        ? resolve()
        : reject(new Error(`restic copy ended by itself (code ${code}) before it could be killed`));
    });
  });
}

test('a copy killed half-way completes next time; check --read-data passes', async (t) => {
  const restic = await resticOrSkip(t);
  if (!restic) return;
  // 48 MB of audio, so a copy into 4 MB packs takes a dozen packs and can be cut off.
  const w = makeWorld('dest-kill', 24, 2 * 1024 * 1024);
  try {
    const scope: DestScope = w.scope;
    const dest = path.join(w.dir, 'usb', 'copy');
    fs.mkdirSync(path.dirname(dest));
    await initRepository({ ...w.scope, repo: w.repo });
    await snapshotOperation(w.scope, { trigger: 'manual', ctx: quiet() });
    await addDestination(scope, { name: 'usb', location: dest });
    await killMidCopy(restic, w.repo, dest, w.passwordFile);
    assert.ok(packCount(dest) > 0, 'the killed copy had stored some packs');
    // Nothing half-done is listed: the snapshot is written only after all its data.
    const before = await copyOperation(scope, { to: 'usb', ctx: quiet() });
    assert.equal(before.destinations[0]!.error, null);
    assert.equal(before.destinations[0]!.snapshotsCopied, 1);
    await checkDestination(restic, w, { location: dest });
    assert.equal((await copyOperation(scope, { ctx: quiet() })).destinations[0]!.status, 'up-to-date');
  } finally {
    w.cleanup();
  }
});

test('destination disk gone, wrong password: clear sentences, nothing lost, lastCopy kept', async (t) => {
  const restic = await resticOrSkip(t);
  if (!restic) return;
  const w = makeWorld('dest-gone', 3);
  try {
    const disk = path.join(w.dir, 'usb');
    fs.mkdirSync(disk);
    const scope: DestScope = { ...w.scope, now: () => new Date('2026-03-01T00:00:00Z') };
    await initRepository({ ...w.scope, repo: w.repo });
    await snapshotOperation(w.scope, { trigger: 'manual', ctx: quiet() });
    await addDestination(scope, { name: 'usb', location: path.join(disk, 'copy') });
    await copyOperation(scope, { ctx: quiet() });

    fs.writeFileSync(path.join(w.music, 'Artist 0', 'more.mp3'), audioBytes(1024));
    await snapshotOperation(w.scope, { trigger: 'manual', ctx: quiet() });
    fs.renameSync(disk, `${disk}-unplugged`);
    const later: DestScope = { ...scope, now: () => new Date('2026-03-09T00:00:00Z') };
    const gone = (await copyOperation(later, { ctx: quiet() })).destinations[0]!;
    assert.equal(gone.status, 'failed');
    assert.match(
      gone.error!,
      /Destination "usb" cannot be reached: .*usb does not exist \(is the disk connected\?\)/,
    );
    assert.equal(listDestinations(later)[0]!.lastCopy, '2026-03-01T00:00:00.000Z');
    assert.equal(listDestinations(later)[0]!.health.text, 'Not copied off this machine for 8 days.');
    assert.equal((await listSnapshotsOperation(w.scope)).length, 2);

    // Back again: the copy completes.
    fs.renameSync(`${disk}-unplugged`, disk);
    const back = (await copyOperation(later, { ctx: quiet() })).destinations[0]!;
    assert.equal(back.snapshotsCopied, 1);
    assert.equal(listDestinations(later)[0]!.health.level, 'ok');

    const wrong = path.join(w.dir, 'wrong-password');
    fs.writeFileSync(wrong, 'not it\n', { mode: 0o600 });
    const bad = (await copyOperation({ ...later, destPasswordFile: wrong }, { ctx: quiet() }))
      .destinations[0]!;
    assert.match(bad.error!, /^Wrong password for destination "usb"/);
    assert.doesNotMatch(bad.error!, /not it|correct horse/);

    // recover never writes into a folder that holds something.
    const busy = path.join(w.dir, 'busy');
    fs.mkdirSync(busy);
    fs.writeFileSync(path.join(busy, 'keep.txt'), 'mine');
    await rejectsWith(
      recoverOperation(
        { dataDir: w.dataDir, env: process.env, password: w.scope.password },
        { from: 'usb', to: busy, ctx: quiet() },
      ),
      'bad-arguments',
      /is not empty/,
    );
    assert.equal(fs.readFileSync(path.join(busy, 'keep.txt'), 'utf8'), 'mine');

    const removed = await removeDestination(later, 'usb');
    assert.equal(removed.name, 'usb');
    assert.deepEqual(listDestinations(later), []);
    assert.ok(fs.existsSync(path.join(disk, 'copy', 'config')), 'removing a destination leaves its copy');
  } finally {
    w.cleanup();
  }
});
