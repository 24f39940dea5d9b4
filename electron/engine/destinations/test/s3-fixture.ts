// s3rver (npm) on 127.0.0.1 over HTTPS with a self-signed certificate, for the S3
// tests: restic signs its uploads, which plain HTTP does not carry, so the certificate
// goes to restic as RESTIC_CACERT in a private credentials file, with s3rver's fixed
// development keys. Skips, saying why, when s3rver or openssl is not installed.
import type { TestContext } from 'node:test';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort, skipSaying, waitForPort } from './dest-fixtures';

/** Where the s3rver package is; null (and a skip) when it is not installed. */
function s3rverOrSkip(t: TestContext): string | null {
  try {
    return require.resolve('s3rver');
  } catch {
    return skipSaying(
      t,
      'the s3rver npm package is not installed (a devDependency this test needs); S3 is not tested here',
    );
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
    return skipSaying(
      t,
      'openssl could not make a self-signed certificate (is it installed?); S3 is not tested here',
    );
  }
  return { key, cert };
}

/** s3rver's own process: it reads its settings from its environment and serves until killed. */
const SERVE = `
const S3rver = require(process.env.S3RVER_MODULE);
const fs = require('node:fs');
new S3rver({
  address: '127.0.0.1',
  port: Number(process.env.S3RVER_PORT),
  silent: true,
  directory: process.env.S3RVER_DIR,
  key: fs.readFileSync(process.env.S3RVER_KEY),
  cert: fs.readFileSync(process.env.S3RVER_CERT),
  configureBuckets: [{ name: 'backbeat' }],
}).run();
`;

export interface S3Server {
  /** `s3:https://127.0.0.1:PORT/backbeat/<prefix>` */
  location(prefix: string): string;
  /** The private file with the keys and the certificate. */
  credentialsFile: string;
  /** Why the server process ended by itself (its exit and last words); null while it runs or after stop(). */
  died(): string | null;
  /** Stops it (SIGKILL when `hard`, as a crash) and waits for it to be gone. */
  stop(hard?: boolean): Promise<void>;
  /** Starts it again on the same port and folder. */
  restart(): Promise<void>;
}

/**
 * Starts s3rver, in a process of its own, storing its buckets under `served` (a test
 * may put that on a small disk), with the bucket `backbeat`; null (the test skipped)
 * when it cannot. Its own process, so that a crash of the server (s3rver does not
 * handle a failed write of an object) is a server that died, not a failed test process.
 */
export async function startS3OrSkip(t: TestContext, dir: string, served: string): Promise<S3Server | null> {
  const s3rver = s3rverOrSkip(t);
  const tls = s3rver ? certificateOrSkip(t, dir) : null;
  if (!s3rver || !tls) return null;
  const port = await freePort();
  let child: ChildProcess | null = null;
  let death: string | null = null;
  const start = async (): Promise<void> => {
    death = null;
    let said = '';
    const c = spawn(process.execPath, ['-e', SERVE], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: {
        ...process.env,
        S3RVER_MODULE: s3rver,
        S3RVER_PORT: String(port),
        S3RVER_DIR: served,
        S3RVER_KEY: tls.key,
        S3RVER_CERT: tls.cert,
      },
    });
    c.stderr?.on('data', (b: Buffer) => {
      said = (said + b.toString()).slice(-2000);
    });
    c.once('exit', (code, signal) => {
      if (child === c) death = `s3rver exited (${signal ?? `code ${code}`}): ${said.trim()}`;
    });
    child = c;
    await waitForPort(port, c);
  };
  const stop = async (hard = false): Promise<void> => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const gone = new Promise((r) => c.once('close', r));
    c.kill(hard ? 'SIGKILL' : 'SIGTERM');
    await gone;
  };
  await start();
  const credentialsFile = path.join(dir, 's3-credentials');
  // s3rver's fixed development keys.
  fs.writeFileSync(
    credentialsFile,
    `AWS_ACCESS_KEY_ID=S3RVER\nAWS_SECRET_ACCESS_KEY=S3RVER\nRESTIC_CACERT=${tls.cert}\n`,
    { mode: 0o600 },
  );
  return {
    location: (prefix) => `s3:https://127.0.0.1:${port}/backbeat/${prefix}`,
    credentialsFile,
    died: () => death,
    stop,
    restart: start,
  };
}
