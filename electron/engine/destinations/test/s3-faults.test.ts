// An S3 destination (s3rver over HTTPS, s3-fixture.ts) that disappears and comes back,
// and wrong keys: each a sentence naming the destination with no secret in it, nothing
// lost locally, and once the server is back (or the keys are right again) the next
// copy completes and the copy reads back whole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { initRepository, listSnapshotsOperation, snapshotOperation } from '../../repository/operations';
import { audioBytes, makeWorld, quiet, resticOrSkip } from '../../repository/test/repo-fixtures';
import { ContractError } from '../../../../shared/errors';
import { checkDestinationOperation } from '../check';
import { copyOperation } from '../copy';
import { pruneDestinationOperation } from '../prune';
import { addDestination, listDestinations, type DestScope } from '../operations';
import { checkDestination } from './roundtrip';
import { startS3OrSkip, type S3Server } from './s3-fixture';

// The ceiling only catches a hang (restic retrying a refused key for many minutes).
test(
  'S3 destination gone and back, wrong keys: clear sentences, nothing lost; then the copy completes',
  { timeout: 10 * 60_000 },
  async (t) => {
    const restic = await resticOrSkip(t);
    if (!restic) return;
    const w = makeWorld('dest-s3-faults', 3, 64 * 1024);
    let server: S3Server | null = null;
    try {
      const served = path.join(w.dir, 's3');
      fs.mkdirSync(served);
      server = await startS3OrSkip(t, w.dir, served);
      if (!server) return;
      const creds = server.credentialsFile;
      const rightKeys = fs.readFileSync(creds, 'utf8');
      const location = server.location('copy');
      const scope: DestScope = { ...w.scope, now: () => new Date('2026-03-01T00:00:00Z') };
      await initRepository({ ...w.scope, repo: w.repo });
      await snapshotOperation(w.scope, { trigger: 'manual', ctx: quiet() });
      await addDestination(scope, { name: 'bucket', location, credentialsFile: creds });
      assert.equal((await copyOperation(scope, { ctx: quiet() })).destinations[0]!.error, null);

      // Gone: said at once, naming the destination; the last copy stays what it was.
      fs.writeFileSync(path.join(w.music, 'Artist 0', 'more.mp3'), audioBytes(64 * 1024));
      await snapshotOperation(w.scope, { trigger: 'manual', ctx: quiet() });
      await server.stop(true);
      const later: DestScope = { ...scope, now: () => new Date('2026-03-02T00:00:00Z') };
      const gone = (await copyOperation(later, { ctx: quiet() })).destinations[0]!;
      assert.match(
        gone.error ?? '',
        /^Destination "bucket" cannot be reached at 127\.0\.0\.1:\d+ \(connection refused\)\. Nothing was copied/,
      );
      assert.equal(listDestinations(later)[0]!.lastCopy, '2026-03-01T00:00:00.000Z');
      assert.equal((await listSnapshotsOperation(w.scope)).length, 2, 'nothing lost locally');

      // Wrong keys (rotated on the server, say): a sentence naming the destination, no
      // secret in it. s3rver does not verify SigV4 signatures (a wrong secret passes
      // there), so the key id is what is wrong here: it answers 403 InvalidAccessKeyId.
      await server.restart();
      fs.writeFileSync(
        creds,
        rightKeys.replace('AWS_ACCESS_KEY_ID=S3RVER', 'AWS_ACCESS_KEY_ID=N0T-A-KEY-ID'),
      );
      const wrong = (await copyOperation(later, { ctx: quiet() })).destinations[0]!;
      assert.equal(wrong.status, 'failed');
      // restic retries a refused key for many minutes; the watchdog stops it at the first retry.
      assert.equal(
        wrong.error,
        'Destination "bucket" refused the credentials it was given (an unknown key, a wrong secret or password, or no permission), so the copy was stopped. Nothing local changed; correct the keys in its credentials file or environment, then try again.',
      );
      assert.doesNotMatch(wrong.error ?? '', /S3RVER|N0T-A-KEY-ID/, 'no key is shown');
      assert.equal(listDestinations(later)[0]!.lastCopy, '2026-03-01T00:00:00.000Z');
      // The same watchdog stops a check, a prune and adding a destination at restic's
      // first retry of the refused key, each with the sentence naming what was stopped.
      const refused =
        (activity: string, name = 'bucket') =>
        (e: unknown) => {
          assert.ok(e instanceof ContractError, String(e));
          assert.equal(
            e.message,
            `Destination "${name}" refused the credentials it was given (an unknown key, a wrong secret or password, or no permission), so the ${activity} was stopped. Nothing local changed; correct the keys in its credentials file or environment, then try again.`,
          );
          return true;
        };
      await assert.rejects(
        checkDestinationOperation(later, { name: 'bucket', ctx: quiet() }),
        refused('check'),
      );
      assert.equal(listDestinations(later)[0]!.lastCheck, null, 'a check that could not run is not recorded');
      await assert.rejects(
        pruneDestinationOperation(later, {
          name: 'bucket',
          policy: { keepLast: 1 },
          apply: true,
          ctx: quiet(),
        }),
        refused('prune'),
      );
      await assert.rejects(
        addDestination(later, {
          name: 'second',
          location: server.location('second'),
          credentialsFile: creds,
        }),
        refused('set-up', 'second'),
      );
      assert.deepEqual(
        listDestinations(later).map((d) => d.name),
        ['bucket'],
        'a destination that could not be set up is not saved',
      );

      // Back, with the right keys: the snapshot made while it was gone is copied, and reads back.
      fs.writeFileSync(creds, rightKeys);
      const back = (await copyOperation(later, { ctx: quiet() })).destinations[0]!;
      assert.equal(back.error, null);
      assert.equal(back.snapshotsCopied, 1);
      assert.equal(listDestinations(later)[0]!.lastCopy, '2026-03-02T00:00:00.000Z');
      await checkDestination(restic, w, { location, credentialsFile: creds });
    } finally {
      await server?.stop();
      w.cleanup();
    }
  },
);
