// An SFTP server (a real sshd on 127.0.0.1) killed in the middle of a copy: the copy
// stops with a sentence naming the destination (the watchdog sees the port refuse
// connections; restic alone would retry for many minutes), nothing is lost locally,
// and once the server is back the next copy completes and `check --read-data` passes.
// Killed when bytes have reached the server's disk, not after a time, so the copy is
// cut in the middle however fast the machine is. Then the user's key no longer
// accepted (wrong credentials): a sentence naming the destination at once, and with
// the key accepted again the next copy completes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { initRepository, listSnapshotsOperation, snapshotOperation } from '../../repository/operations';
import { audioBytes, makeWorld, quiet, resticOrSkip } from '../../repository/test/repo-fixtures';
import { copyOperation } from '../copy';
import { addDestination, listDestinations, type DestScope } from '../operations';
import { checkDestination } from './roundtrip';
import { startSshdOrSkip } from './sshd-fixture';

/** Bytes under a folder (files being written included). */
function bytesUnder(dir: string): number {
  let total = 0;
  let entries: fs.Dirent[] = [];
  try {
    entries = fs.readdirSync(dir, { recursive: true, withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    if (!e.isFile()) continue;
    try {
      total += fs.statSync(path.join(e.parentPath, e.name)).size;
    } catch {
      // Renamed or removed meanwhile.
    }
  }
  return total;
}

test('SFTP server killed in the middle of a copy: a sentence, nothing lost; the next copy completes and reads back', async (t) => {
  const restic = await resticOrSkip(t);
  if (!restic) return;
  // 6 MB of incompressible audio; the server dies once 1 MB of it is on its disk.
  const w = makeWorld('dest-sftp-killed', 6, 1024 * 1024);
  const keys = path.join(w.dir, 'ssh');
  fs.mkdirSync(keys, { mode: 0o700 });
  const sshd = await startSshdOrSkip(t, keys);
  if (!sshd) {
    w.cleanup();
    return;
  }
  let poll: NodeJS.Timeout | null = null;
  try {
    const remote = path.join(w.dir, 'remote', 'copy');
    const location = `sftp://${sshd.user}@127.0.0.1:${sshd.port}/${remote}`;
    const scope: DestScope = { ...w.scope, now: () => new Date('2026-03-01T00:00:00Z') };
    await initRepository({ ...w.scope, repo: w.repo });
    await snapshotOperation(w.scope, { trigger: 'manual', ctx: quiet() });
    await addDestination(scope, { name: 'nas', location, options: sshd.options });
    const base = bytesUnder(path.join(remote, 'data'));

    let killedAt = -1;
    const killed = new Promise<void>((resolve) => {
      poll = setInterval(() => {
        const now = bytesUnder(path.join(remote, 'data'));
        if (now - base < 1024 * 1024) return;
        clearInterval(poll!);
        poll = null;
        killedAt = now - base;
        void sshd.kill().then(resolve);
      }, 5);
    });
    const cut = (await copyOperation(scope, { ctx: quiet() })).destinations[0]!;
    await killed;
    assert.ok(killedAt < 6 * 1024 * 1024, `killed in the middle (${killedAt} bytes there)`);
    assert.equal(cut.status, 'failed', 'the copy did not finish before the server died');
    assert.match(
      cut.error ?? '',
      /^Could not reach destination "nas" during the copy: 127\.0\.0\.1:\d+ \(connection refused\)\. Nothing local changed; the next copy picks up where this one stopped\.$/,
    );
    assert.equal(listDestinations(scope)[0]!.lastCopy, null);
    // Nothing lost locally: the snapshot is there and every byte of it reads back.
    assert.equal((await listSnapshotsOperation(w.scope)).length, 1);
    await checkDestination(restic, w, { location: w.repo });

    await sshd.restart();
    const back = (await copyOperation(scope, { ctx: quiet() })).destinations[0]!;
    assert.equal(back.error, null);
    assert.equal(back.snapshotsCopied, 1);
    assert.equal(listDestinations(scope)[0]!.lastCopy, '2026-03-01T00:00:00.000Z');
    await checkDestination(restic, w, { location, options: sshd.options });

    // The key no longer accepted there (wrong credentials): a sentence naming the destination.
    const authorized = path.join(keys, 'authorized_keys');
    const accepted = fs.readFileSync(authorized);
    fs.writeFileSync(authorized, '');
    fs.writeFileSync(path.join(w.music, 'Artist 1', 'later.mp3'), audioBytes(8 * 1024));
    await snapshotOperation(w.scope, { trigger: 'manual', ctx: quiet() });
    const refused = (await copyOperation(scope, { ctx: quiet() })).destinations[0]!;
    assert.equal(refused.status, 'failed');
    // At once (ssh gives up, restic does not retry), though in restic's words, not "key refused".
    assert.match(
      refused.error ?? '',
      /^Could not use destination "nas" \(sftp:.*\): unable to open repository .*unable to start the sftp session.*\. Nothing local was changed; the next copy picks up where this one stopped\.$/,
    );
    assert.equal(listDestinations(scope)[0]!.lastCopy, '2026-03-01T00:00:00.000Z');
    fs.writeFileSync(authorized, accepted);
    assert.equal((await copyOperation(scope, { ctx: quiet() })).destinations[0]!.snapshotsCopied, 1);
  } finally {
    if (poll) clearInterval(poll);
    await sshd.stop();
    w.cleanup();
  }
});
