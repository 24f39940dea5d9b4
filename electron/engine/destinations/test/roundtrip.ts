// The scenario every kind of destination must pass: add it, snapshot, copy, snapshot
// again, copy only what it lacks, then lose the library, the repository and the audio,
// and recover: the tracks with their analysis and every audio file's sha256 equal the
// originals', and restic's check of the destination passes.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { initRepository, snapshotOperation } from '../../repository/operations';
import { checkPasswordFile } from '../../repository/repo-password';
import type { ResticBinary } from '../../repository/restic-discovery';
import { runResticSerialized } from '../../repository/restic-runner';
import { audioBytes, quiet, type RepoWorld } from '../../repository/test/repo-fixtures';
import { copyOperation } from '../copy';
import { readCredentialsFile } from '../credentials';
import { addDestination, listDestinations, type DestScope } from '../operations';
import { recoverOperation } from '../recover';
import { analyse, sha256, tracksOf } from './dest-fixtures';

export interface RoundTripOptions {
  location: string;
  options?: string[];
  credentialsFile?: string;
}

export async function checkDestination(
  restic: ResticBinary,
  w: RepoWorld,
  o: RoundTripOptions,
  readData = true,
): Promise<void> {
  const env = o.credentialsFile ? readCredentialsFile(o.credentialsFile) : {};
  await runResticSerialized(
    { restic, repo: o.location, password: checkPasswordFile(w.passwordFile) },
    [...(o.options ?? []).flatMap((x) => ['-o', x]), 'check', ...(readData ? ['--read-data'] : [])],
    { env },
  );
}

export async function roundTrip(restic: ResticBinary, w: RepoWorld, o: RoundTripOptions): Promise<void> {
  const scope: DestScope = { ...w.scope, now: () => new Date('2026-03-01T12:00:00Z') };
  analyse(w.libraryPath);
  await initRepository({ ...w.scope, repo: w.repo });
  await snapshotOperation(w.scope, { trigger: 'manual', ctx: quiet() });
  const added = await addDestination(scope, {
    name: 'offsite',
    location: o.location,
    ...(o.options ? { options: o.options } : {}),
    ...(o.credentialsFile ? { credentialsFile: o.credentialsFile } : {}),
  });
  assert.equal(added.created, true);
  assert.equal(added.destination.lastCopy, null);

  const first = await copyOperation(scope, { ctx: quiet() });
  assert.equal(first.destinations[0]!.error, null);
  assert.equal(first.destinations[0]!.status, 'copied');
  assert.equal(first.destinations[0]!.snapshotsCopied, 1);
  assert.equal(listDestinations(scope)[0]!.lastCopy, '2026-03-01T12:00:00.000Z');

  // A retagged file and a new one: the next copy carries only the new snapshot.
  const retagged = path.join(w.music, w.files[0]!);
  const bytes = fs.readFileSync(retagged);
  audioBytes(4096, 'ID3v2-new').copy(bytes, 0, 0, 4096);
  fs.writeFileSync(retagged, bytes);
  fs.writeFileSync(path.join(w.music, 'Artist 0', 'new track.mp3'), audioBytes(48 * 1024));
  await snapshotOperation(w.scope, { trigger: 'manual', ctx: quiet() });
  const second = await copyOperation(scope, { to: 'offsite', ctx: quiet() });
  assert.equal(second.destinations[0]!.snapshotsCopied, 1);
  const third = await copyOperation(scope, { to: 'offsite', ctx: quiet() });
  assert.equal(third.destinations[0]!.status, 'up-to-date');
  await checkDestination(restic, w, o);

  // Disaster: library, repository and audio gone; only the destination is left.
  const originalTracks = tracksOf(w.libraryPath);
  const audio = fs
    .readdirSync(w.music, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
  const hashes = new Map(audio.map((f) => [f, sha256(f)]));
  assert.ok(hashes.size >= 7);
  for (const p of [w.libraryPath, `${w.libraryPath}-wal`, `${w.libraryPath}-shm`])
    fs.rmSync(p, { force: true });
  fs.rmSync(w.repo, { recursive: true });
  fs.rmSync(w.music, { recursive: true });
  fs.rmSync(path.join(w.dataDir, 'repository-staging'), { recursive: true });

  const target = path.join(w.dir, 'recovered');
  const rec = await recoverOperation(
    { dataDir: w.dataDir, env: process.env, password: w.scope.password },
    { from: 'offsite', to: target, ctx: quiet() },
  );
  assert.equal(rec.databasePath, path.join(target, path.basename(w.libraryPath)));
  assert.deepEqual(tracksOf(rec.databasePath), originalTracks);
  assert.deepEqual(
    rec.folders.map((f) => f.original),
    [w.music],
  );
  for (const [file, hash] of hashes) {
    assert.equal(sha256(path.join(target, file)), hash, `${file} recovered with other bytes`);
  }
  assert.equal(fs.existsSync(path.join(target, '.backbeat-recovering')), false);
}
