// A folder outside every test's own data folder, shared by the tests of one describe
// block (a password file the host reads, a destination the next test recovers from).
// Playwright collects a spec file in the runner and again in every worker, so a folder
// made while collecting was left behind by each process that never ran the block's
// tests; here collecting only names it, and the block's hooks make and remove it.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from './fixtures';

/** Call inside a describe block: the folder exists from its first test to after its last. */
export function sharedFolder(prefix: string): string {
  const dir = path.join(os.tmpdir(), `${prefix}${process.pid}-${crypto.randomBytes(4).toString('hex')}`);
  test.beforeAll(() => fs.mkdirSync(dir, { recursive: true, mode: 0o700 }));
  test.afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A password file only its owner can read (the host requires that), in `dir`, made before the block's tests. */
export function passwordFileIn(dir: string, secret: string): string {
  const file = path.join(dir, 'password');
  test.beforeAll(() => fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 }));
  return file;
}
