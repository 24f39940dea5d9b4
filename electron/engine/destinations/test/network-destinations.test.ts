// REST (rclone serve restic) and SFTP (OpenSSH's sftp-server, run by restic through
// sftp.command) destinations on 127.0.0.1: the round trip with recover, the server
// killed in the middle of a copy, the server gone and back, wrong credentials.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { rejectsWith } from '../../test/fixtures/backup-helpers';
import { initRepository, listSnapshotsOperation, snapshotOperation } from '../../repository/operations';
import { makeWorld, quiet, resticOrSkip } from '../../repository/test/repo-fixtures';
import { copyOperation } from '../copy';
import { addDestination, listDestinations, type DestScope } from '../operations';
import { binaryOrSkip, RCLONE, SFTP_SERVER, startRestServer } from './dest-fixtures';
import { checkDestination, roundTrip } from './roundtrip';

test('REST destination (rclone serve restic): round trip with recover', async (t) => {
  const restic = await resticOrSkip(t);
  if (!restic || !binaryOrSkip(t, RCLONE, 'rclone', 'rclone')) return;
  const w = makeWorld('dest-rest', 6);
  const served = path.join(w.dir, 'served');
  fs.mkdirSync(served);
  const server = await startRestServer(served);
  try {
    await roundTrip(restic, w, { location: `rest:${server.url}copy` });
  } finally {
    await server.stop();
    w.cleanup();
  }
});

test('SFTP destination (sftp-server through sftp.command): round trip with recover', async (t) => {
  const restic = await resticOrSkip(t);
  if (!restic || !binaryOrSkip(t, SFTP_SERVER, 'sftp-server', 'openssh-sftp-server')) return;
  const w = makeWorld('dest-sftp', 6);
  try {
    await roundTrip(restic, w, {
      location: `sftp:backup@127.0.0.1:${path.join(w.dir, 'sftp-copy')}`,
      options: [`sftp.command=${SFTP_SERVER}`],
    });
  } finally {
    w.cleanup();
  }
});

test(
  'REST server killed mid-copy, gone and back, wrong credentials: clear sentences, nothing lost',
  { timeout: 5 * 60 * 1000 },
  async (t) => {
    const restic = await resticOrSkip(t);
    if (!restic || !binaryOrSkip(t, RCLONE, 'rclone', 'rclone')) return;
    const w = makeWorld('dest-rest-faults', 24, 2 * 1024 * 1024);
    const served = path.join(w.dir, 'served');
    fs.mkdirSync(served);
    const server = await startRestServer(served, { user: 'backbeat', pass: 's3cret-rest-pass' });
    try {
      const creds = path.join(w.dir, 'rest-credentials');
      fs.writeFileSync(creds, 'RESTIC_REST_USERNAME=backbeat\nRESTIC_REST_PASSWORD=s3cret-rest-pass\n', {
        mode: 0o600,
      });
      const location = `rest:${server.url}copy`;
      const scope: DestScope = { ...w.scope, now: () => new Date('2026-03-01T00:00:00Z') };
      await initRepository({ ...w.scope, repo: w.repo });
      await snapshotOperation(w.scope, { trigger: 'manual', ctx: quiet() });

      // A credentials file others can read is refused, and its content is never shown.
      fs.chmodSync(creds, 0o644);
      await rejectsWith(
        addDestination(scope, { name: 'home', location, credentialsFile: creds }),
        'bad-arguments',
        /can be read by other users/,
      );
      fs.chmodSync(creds, 0o600);
      // Credentials in the address are refused without echoing them.
      const inUrl = await rejectsWith(
        addDestination(scope, {
          name: 'home',
          location: `rest:http://backbeat:s3cret-rest-pass@127.0.0.1:${server.port}/copy`,
        }),
        'bad-arguments',
        /must not hold a user name or password/,
      );
      assert.doesNotMatch(inUrl.message, /s3cret/);
      await addDestination(scope, { name: 'home', location, credentialsFile: creds });

      // Wrong credentials: a sentence that names the destination, no secret in it.
      const wrongCreds = path.join(w.dir, 'wrong-credentials');
      fs.writeFileSync(wrongCreds, 'RESTIC_REST_USERNAME=backbeat\nRESTIC_REST_PASSWORD=nope-nope\n', {
        mode: 0o600,
      });
      await rejectsWith(
        addDestination(scope, {
          name: 'home2',
          location: `rest:${server.url}copy2`,
          credentialsFile: wrongCreds,
        }),
        'io',
        /Could not use destination "home2"/,
      );
      assert.equal(listDestinations(scope).length, 1, 'a destination that failed to be added is not saved');

      // The server killed in the middle of a copy (after 12 of the 48 MB): restic would
      // retry it for many minutes; the watchdog sees it refuse connections and stops the
      // copy with a sentence. The idle ceiling is left at its default (10 min), so only
      // the "cannot reach" path can end this copy before a hang shows as a test timeout.
      // Whether a whole pack was stored by then is not asserted: rclone writes a pack in
      // place and deletes it when its upload is cut, so no file on disk tells.
      const killed = server.killAfterUpload(12 * 1024 * 1024);
      const cut = (await copyOperation(scope, { ctx: quiet() })).destinations[0]!;
      await killed;
      assert.equal(cut.status, 'failed');
      assert.match(
        cut.error!,
        /^Could not reach destination "home" during the copy: 127\.0\.0\.1:\d+ \(connection refused\)\./,
      );
      assert.doesNotMatch(cut.error!, /s3cret/);
      assert.equal(listDestinations(scope)[0]!.lastCopy, null);

      // Gone: said at once (no minutes of restic retries), nothing attempted.
      const gone = (await copyOperation(scope, { ctx: quiet() })).destinations[0]!;
      assert.match(gone.error!, /cannot be reached at 127\.0\.0\.1:\d+ \(connection refused\)/);
      assert.equal((await listSnapshotsOperation(w.scope)).length, 1, 'nothing lost locally');

      // Back: the next copy completes and the copy checks out.
      await server.restart();
      const back = (await copyOperation(scope, { ctx: quiet() })).destinations[0]!;
      assert.equal(back.error, null);
      assert.equal(back.snapshotsCopied, 1);
      await checkDestination(restic, w, { location, credentialsFile: creds });
    } finally {
      await server.stop();
      w.cleanup();
    }
  },
);
