// An S3 destination (s3rver over HTTPS) whose disk is full (full-disk.ts). s3rver
// cannot answer a full disk with an error: a failed write of an object is not handled
// and its process dies (in the test's own process the request would hang unanswered,
// so the fixture runs it apart). The copy stops on restic's first retry with "Could
// not reach destination", naming it, instead of restic retrying for many minutes; once
// there is room and the server is back, the next copy completes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fullDiskScenario } from './full-disk';
import { startS3OrSkip, type S3Server } from './s3-fixture';

test('a full S3 destination: its server dies, the copy says so; with room again the copy completes', async (t) => {
  let server: S3Server | null = null;
  await fullDiskScenario(t, {
    prefix: 'dest-s3-full',
    what: 'full S3 destination',
    server: async (w, disk) => {
      const s3 = await startS3OrSkip(t, w.dir, disk);
      server = s3;
      if (!s3) return null;
      return {
        location: s3.location('copy'),
        credentialsFile: s3.credentialsFile,
        afterFreeing: () => s3.restart(),
        stop: () => s3.stop(),
      };
    },
    whenFull: (full) => {
      assert.match(server?.died() ?? '', /ENOSPC: no space left on device/);
      assert.match(
        full.error ?? '',
        /^Could not reach destination "offsite" during the copy: 127\.0\.0\.1:\d+ \(connection refused\)\. Nothing local changed; the next copy picks up where this one stopped\.$/,
      );
    },
  });
});
