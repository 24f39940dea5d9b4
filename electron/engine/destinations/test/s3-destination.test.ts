// An S3-compatible destination: s3rver (npm) on 127.0.0.1 over HTTPS with a self-signed
// certificate (restic signs its uploads, which plain HTTP does not carry), the
// certificate given to restic as RESTIC_CACERT in the credentials file, the keys
// likewise. Skipped, saying why, when s3rver or openssl is not installed.
import { test, type TestContext } from 'node:test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { makeWorld, resticOrSkip } from '../../repository/test/repo-fixtures';
import { roundTrip } from './roundtrip';

interface S3rverInstance {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance;

function s3rverOrSkip(t: TestContext): S3rverClass | null {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional test dependency
    return require('s3rver') as S3rverClass;
  } catch {
    const reason =
      'the s3rver npm package is not installed (a devDependency this test needs); S3 is not tested here';
    process.stderr.write(`SKIP: ${reason}\n`);
    t.skip(reason);
    return null;
  }
}

/** A self-signed certificate for 127.0.0.1, by openssl; null (and a skip) without it. */
function certificateOrSkip(t: TestContext, dir: string): { key: string; cert: string } | null {
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '2',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
  } catch {
    const reason =
      'openssl could not make a self-signed certificate (is it installed?); S3 is not tested here';
    process.stderr.write(`SKIP: ${reason}\n`);
    t.skip(reason);
    return null;
  }
  return { key, cert };
}

test('S3 destination (s3rver over HTTPS): round trip with recover', async (t) => {
  const restic = await resticOrSkip(t);
  const S3rver = restic ? s3rverOrSkip(t) : null;
  if (!restic || !S3rver) return;
  const w = makeWorld('dest-s3', 6);
  try {
    const tls = certificateOrSkip(t, w.dir);
    if (!tls) return;
    const served = path.join(w.dir, 's3');
    fs.mkdirSync(served);
    const server = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory: served,
      key: fs.readFileSync(tls.key),
      cert: fs.readFileSync(tls.cert),
      configureBuckets: [{ name: 'backbeat' }],
    });
    const { port } = await server.run();
    try {
      const creds = path.join(w.dir, 's3-credentials');
      // s3rver's fixed development keys.
      fs.writeFileSync(
        creds,
        `AWS_ACCESS_KEY_ID=S3RVER\nAWS_SECRET_ACCESS_KEY=S3RVER\nRESTIC_CACERT=${tls.cert}\n`,
        { mode: 0o600 },
      );
      await roundTrip(restic, w, {
        location: `s3:https://127.0.0.1:${port}/backbeat/copy`,
        credentialsFile: creds,
      });
    } finally {
      await server.close();
    }
  } finally {
    w.cleanup();
  }
});
