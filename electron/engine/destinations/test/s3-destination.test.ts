// An S3-compatible destination: s3rver over HTTPS (s3-fixture.ts), the whole round
// trip with recover. Skipped, saying why, when s3rver or openssl is not installed.
import { test } from 'node:test';
import fs from 'node:fs';
import path from 'node:path';
import { makeWorld, resticOrSkip } from '../../repository/test/repo-fixtures';
import { roundTrip } from './roundtrip';
import { startS3OrSkip } from './s3-fixture';

test('S3 destination (s3rver over HTTPS): round trip with recover', async (t) => {
  const restic = await resticOrSkip(t);
  if (!restic) return;
  const w = makeWorld('dest-s3', 6);
  try {
    const served = path.join(w.dir, 's3');
    fs.mkdirSync(served);
    const server = await startS3OrSkip(t, w.dir, served);
    if (!server) return;
    try {
      await roundTrip(restic, w, {
        location: server.location('copy'),
        credentialsFile: server.credentialsFile,
      });
    } finally {
      await server.stop();
    }
  } finally {
    w.cleanup();
  }
});
