// The walk that ran beside a first snapshot's restic is noted only when nothing it saw
// changed near restic's start (snapshot-walk-beside.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { treeState } from '../tree-state';
import { WALK_BESIDE_MARGIN_MS, walkDigestToNote } from '../snapshot-walk-beside';

test('a walk beside restic is noted only when every ctime it saw is older than restic start by the margin', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'walk-beside-'));
  try {
    fs.mkdirSync(path.join(dir, 'album'));
    fs.writeFileSync(path.join(dir, 'album', 'a.flac'), 'a');
    const walk = treeState([dir]);
    assert.ok(walk.digest);
    const newestMs = Number(BigInt(walk.newestCtimeNs) / 1_000_000n);
    const newestFile = fs.statSync(path.join(dir, 'album', 'a.flac'), { bigint: true }).ctimeNs;
    assert.ok(BigInt(walk.newestCtimeNs) >= newestFile, 'the walk reports the newest ctime it saw');
    // restic started well after the last change: noted.
    assert.equal(walkDigestToNote(walk, newestMs + WALK_BESIDE_MARGIN_MS + 2), walk.digest);
    // A change within the margin of restic's start (or after it): not noted.
    assert.equal(walkDigestToNote(walk, newestMs + WALK_BESIDE_MARGIN_MS - 1), null);
    assert.equal(walkDigestToNote(walk, newestMs - 5_000), null);
    // A walk that could not read everything, or none at all: not noted.
    assert.equal(walkDigestToNote({ ...walk, digest: null }, newestMs + 60_000), null);
    assert.equal(walkDigestToNote(null, newestMs + 60_000), null);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
