// The full-disk scenario every network destination kind goes through: 6 MB of
// incompressible audio against a 12 MB tmpfs (mounted here, so it needs root and skips
// saying so otherwise) with 9 MB taken by another file, the server storing on that
// disk. The copy fails (the caller judges its sentence), nothing local is lost (the
// snapshot is there and the local repository reads back whole), and once the other
// file is deleted the next copy completes and the destination reads back whole.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { TestContext } from 'node:test';
import type { CopyOutcome } from '../../../../shared/destination-types';
import { initRepository, listSnapshotsOperation, snapshotOperation } from '../../repository/operations';
import { makeWorld, quiet, resticOrSkip, type RepoWorld } from '../../repository/test/repo-fixtures';
import { copyOperation } from '../copy';
import { addDestination, listDestinations, type DestScope } from '../operations';
import { mountTmpfs } from './dest-fixtures';
import { checkDestination, type RoundTripOptions } from './roundtrip';

export interface FullDiskServer extends RoundTripOptions {
  /** After the space was freed, before the next copy (a server that died starts again). */
  afterFreeing?(): Promise<void>;
  stop(): Promise<void>;
}

export async function fullDiskScenario(
  t: TestContext,
  o: {
    /** The temp folder's prefix and the test's name in a skip reason. */
    prefix: string;
    what: string;
    /** Starts the server storing under `disk`; null when it skipped the test. */
    server(w: RepoWorld, disk: string): Promise<FullDiskServer | null>;
    whenFull(outcome: CopyOutcome): void;
  },
): Promise<void> {
  const restic = await resticOrSkip(t);
  if (!restic) return;
  const w = makeWorld(o.prefix, 6, 1024 * 1024);
  const disk = path.join(w.dir, 'small-disk');
  fs.mkdirSync(disk);
  if (!mountTmpfs(t, disk, 12, o.what)) {
    w.cleanup();
    return;
  }
  let server: FullDiskServer | null = null;
  try {
    server = await o.server(w, disk);
    if (!server) return;
    const scope: DestScope = { ...w.scope, now: () => new Date('2026-03-01T00:00:00Z') };
    await initRepository({ ...w.scope, repo: w.repo });
    await snapshotOperation(w.scope, { trigger: 'manual', ctx: quiet() });
    await addDestination(scope, {
      name: 'offsite',
      location: server.location,
      ...(server.options ? { options: server.options } : {}),
      ...(server.credentialsFile ? { credentialsFile: server.credentialsFile } : {}),
    });
    const other = path.join(disk, 'other files');
    fs.writeFileSync(other, Buffer.alloc(9 * 1024 * 1024, 1));

    const full = (await copyOperation(scope, { ctx: quiet() })).destinations[0]!;
    assert.equal(full.status, 'failed');
    o.whenFull(full);
    assert.equal(listDestinations(scope)[0]!.lastCopy, null);
    // Nothing lost locally: the snapshot is there and every byte of it reads back.
    assert.equal((await listSnapshotsOperation(w.scope)).length, 1);
    await checkDestination(restic, w, { location: w.repo });

    fs.rmSync(other);
    await server.afterFreeing?.();
    const done = (await copyOperation(scope, { ctx: quiet() })).destinations[0]!;
    assert.equal(done.error, null);
    assert.equal(done.snapshotsCopied, 1);
    await checkDestination(restic, w, server);
  } finally {
    await server?.stop();
    execFileSync('umount', ['-l', disk]);
    w.cleanup();
  }
}
