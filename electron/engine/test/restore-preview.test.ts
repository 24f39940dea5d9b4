// Restore preview against a real backup of a library that was then changed behind the
// engine's back: exact counts, the per-track changes, variant B, layouts that cannot be
// compared, and that the preview changes nothing and leaves no temp file.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { ContractError } from '../../../shared/contract';
import { createBackup } from '../backup';
import { createDemoLibrary } from '../demo';
import { summarizeFeatures } from '../features';
import { getLibraryStats } from '../library';
import { silentContext } from '../progress';
import { previewRestore } from '../restore-preview';
import {
  SIZES,
  dumpDatabase,
  libraryWithBackup,
  makeTempRoot,
  readTracks,
  removeTree,
  tamperLibrary,
  type Fixture,
  type Tampering,
} from './restore-fixtures/scenario';

// decompressBackupToTemp unpacks into os.tmpdir(): point it at a folder of our own so the
// test can see that nothing is left behind. (Each test file runs in its own process.)
const privateTmp = fs.mkdtempSync(path.join(os.tmpdir(), 'backbeat-preview-tmp-'));
process.env.TMPDIR = privateTmp;

function unpackedLeftovers(): string[] {
  return fs.readdirSync(privateTmp).filter((name) => name.startsWith('backbeat-backup-'));
}

after(() => removeTree(privateTmp));

describe('previewRestore, variant A', () => {
  let fx: Fixture;
  let tampering: Tampering;

  before(async () => {
    fx = await libraryWithBackup('preview-a', { tracks: 240, seed: 21 });
    tampering = tamperLibrary(fx.libraryPath, 'A');
  });
  after(() => removeTree(fx.root));

  it('counts exactly what a restore would do and changes nothing', async () => {
    const dumpBefore = dumpDatabase(fx.libraryPath);
    const preview = await previewRestore({
      libraryPath: fx.libraryPath,
      backupDir: fx.backupDir,
      id: fx.backup.id,
      ctx: silentContext(),
    });
    const s = preview.summary;
    assert.equal(s.backupId, fx.backup.id);
    assert.equal(s.featureAware, true);
    assert.equal(s.reason, null);
    assert.equal(s.toRestore, tampering.toRestore);
    assert.equal(s.toRestore, SIZES.altered + SIZES.timestampOnly + SIZES.wiped + SIZES.retaggedAltered);
    assert.equal(s.notInLibrary, SIZES.deleted);
    assert.equal(s.libraryOnly, SIZES.libraryOnly);
    assert.equal(s.matchedByPath, SIZES.retaggedAltered + SIZES.retaggedSame);
    assert.equal(s.unchanged, 240 - SIZES.deleted - s.toRestore);
    assert.equal(preview.changes.length, s.toRestore);
    assert.deepEqual(preview.unmatched.map((u) => u.trackId).sort(), [...tampering.deleted].sort());

    // Nothing changed, and the unpacked copy is gone.
    assert.equal(dumpDatabase(fx.libraryPath), dumpBefore);
    assert.deepEqual(unpackedLeftovers(), []);
  });

  it('describes each change from both sides, and the format counts before and after', async () => {
    const preview = await previewRestore({
      libraryPath: fx.libraryPath,
      backupDir: fx.backupDir,
      id: fx.backup.id,
      ctx: silentContext(),
    });
    const liveTracks = readTracks(fx.libraryPath);
    const byId = new Map(preview.changes.map((c) => [c.trackId, c]));

    for (const id of tampering.wiped) {
      const c = byId.get(id);
      assert.ok(c, `wiped track ${id} is listed`);
      assert.equal(c.formatBefore, 'none');
      assert.notEqual(c.formatAfter, 'none');
      assert.equal(c.bpmBefore, null);
      assert.equal(c.analyzedAtBefore, null);
      assert.match(c.analyzedAtAfter ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
      assert.equal(c.matchedBy, 'track_id');
    }
    for (const id of tampering.altered) {
      const c = byId.get(id)!;
      assert.equal(c.formatBefore, 'legacy');
      assert.equal(c.bpmBefore, 99.5, 'the legacy replacement carries a top-level tempo');
      assert.equal(c.analyzedAtBefore, '2026-01-02T03:04:05.000Z');
    }
    for (const id of tampering.timestampOnly) {
      const c = byId.get(id)!;
      assert.equal(c.formatBefore, c.formatAfter);
      assert.equal(c.bpmBefore, c.bpmAfter);
      assert.notEqual(c.analyzedAtBefore, c.analyzedAtAfter);
    }
    for (const [oldId, newId] of tampering.retaggedAltered) {
      const c = byId.get(oldId)!;
      assert.equal(c.matchedBy, 'file_path');
      assert.equal(c.libraryTrackId, newId);
      assert.match(c.artist ?? '', /\(retagged\)$/, 'shows the library side as it is now');
      assert.equal(c.filePath, liveTracks.get(newId)!.file_path);
    }
    for (const [oldId] of tampering.retaggedSame) assert.equal(byId.has(oldId), false);

    // The bpm shown after is the backup's own value.
    const anyWiped = byId.get(tampering.wiped[0]!)!;
    assert.ok(anyWiped.formatAfter === 'legacy' || typeof anyWiped.bpmAfter === 'number');

    const stats = getLibraryStats(fx.libraryPath);
    assert.deepEqual(preview.summary.formatsBefore, {
      beat3tower: stats.beat3tower,
      legacy: stats.legacy,
      none: stats.tracks - stats.analyzed,
    });
    const expectedAfter = { ...preview.summary.formatsBefore };
    for (const c of preview.changes) {
      expectedAfter[c.formatBefore]--;
      expectedAfter[c.formatAfter]++;
    }
    assert.deepEqual(preview.summary.formatsAfter, expectedAfter);
    // Every wiped track gains a format; every altered beat3tower track goes back to it.
    assert.ok(preview.summary.formatsAfter.none < preview.summary.formatsBefore.none);
  });

  it('reports its phases and honours cancellation', async () => {
    const phases = new Set<string>();
    await previewRestore({
      libraryPath: fx.libraryPath,
      backupDir: fx.backupDir,
      id: fx.backup.id,
      ctx: { signal: new AbortController().signal, report: (u) => phases.add(u.phase) },
    });
    assert.ok(phases.has('decompress') && phases.has('compare'), [...phases].join(','));

    const controller = new AbortController();
    controller.abort();
    await assert.rejects(
      previewRestore({ libraryPath: fx.libraryPath, backupDir: fx.backupDir, id: fx.backup.id, ctx: silentContext(controller.signal) }),
      (e: unknown) => e instanceof ContractError && e.code === 'cancelled',
    );
    assert.deepEqual(unpackedLeftovers(), []);
  });

  it('fails with not-found for an unknown backup', async () => {
    await assert.rejects(
      previewRestore({ libraryPath: fx.libraryPath, backupDir: fx.backupDir, id: 'nope123', ctx: silentContext() }),
      (e: unknown) => e instanceof ContractError && e.code === 'not-found',
    );
  });
});

describe('previewRestore, variant B', () => {
  let fx: Fixture;
  let tampering: Tampering;

  before(async () => {
    fx = await libraryWithBackup('preview-b', { tracks: 240, seed: 22, variant: 'B' });
    tampering = tamperLibrary(fx.libraryPath, 'B');
  });
  after(() => removeTree(fx.root));

  it('compares sonic_source and sonic_failed_at too, and shows epoch times as ISO text', async () => {
    const preview = await previewRestore({
      libraryPath: fx.libraryPath,
      backupDir: fx.backupDir,
      id: fx.backup.id,
      ctx: silentContext(),
    });
    const s = preview.summary;
    assert.equal(s.featureAware, true);
    assert.equal(s.toRestore, tampering.toRestore);
    assert.equal(s.notInLibrary, SIZES.deleted);
    assert.equal(s.libraryOnly, SIZES.libraryOnly);
    assert.equal(s.matchedByPath, SIZES.retaggedAltered + SIZES.retaggedSame);
    const byId = new Map(preview.changes.map((c) => [c.trackId, c]));
    for (const id of [...tampering.sourceOnly, ...tampering.failedOnly]) {
      const c = byId.get(id);
      assert.ok(c, `track ${id} with only sonic_source/sonic_failed_at changed is listed`);
      assert.equal(c.formatBefore, c.formatAfter);
      assert.equal(c.analyzedAtBefore, c.analyzedAtAfter);
    }
    const altered = byId.get(tampering.altered[0]!)!;
    assert.equal(altered.analyzedAtBefore, new Date(1767323045 * 1000).toISOString());
    const liveRow = readTracks(fx.libraryPath).get(tampering.timestampOnly[0]!)!;
    assert.equal(typeof liveRow.sonic_analyzed_at, 'number', 'variant B stores epoch seconds');
  });
});

describe('previewRestore when the layouts cannot be compared', () => {
  let root: string;
  before(() => {
    root = makeTempRoot('preview-layouts');
  });
  after(() => removeTree(root));

  async function backupOf(libraryPath: string, backupDir: string) {
    return createBackup({ libraryPath, backupDir, trigger: 'manual', appVersion: 'test', ctx: silentContext() });
  }

  function plainDatabase(file: string): string {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const db = new Database(file);
    db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES (\'hi\');');
    db.close();
    return file;
  }

  it('says why when the backup has no tracks table', async () => {
    const backupDir = path.join(root, 'b1');
    const other = plainDatabase(path.join(root, 'plain', 'other.db'));
    const meta = await backupOf(other, backupDir);
    const library = await createDemoLibrary(path.join(root, 'lib1'), { tracks: 30, seed: 1 });
    const p = await previewRestore({ libraryPath: library, backupDir, id: meta.id, ctx: silentContext() });
    assert.equal(p.summary.featureAware, false);
    assert.match(p.summary.reason ?? '', /backup has no tracks table/);
    assert.match(p.summary.reason ?? '', /replac/);
    assert.deepEqual(
      [p.summary.toRestore, p.summary.unchanged, p.summary.notInLibrary, p.summary.libraryOnly, p.summary.matchedByPath],
      [0, 0, 0, 0, 0],
    );
    assert.deepEqual(p.summary.formatsBefore, { beat3tower: 0, legacy: 0, none: 0 });
    assert.deepEqual(p.summary.formatsAfter, { beat3tower: 0, legacy: 0, none: 0 });
    assert.deepEqual([p.changes, p.unmatched], [[], []]);
  });

  it('says why when the library has no tracks table', async () => {
    const backupDir = path.join(root, 'b2');
    const library = await createDemoLibrary(path.join(root, 'lib2'), { tracks: 30, seed: 2 });
    const meta = await backupOf(library, backupDir);
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${library}${suffix}`, { force: true });
    plainDatabase(library);
    const p = await previewRestore({ libraryPath: library, backupDir, id: meta.id, ctx: silentContext() });
    assert.equal(p.summary.featureAware, false);
    assert.match(p.summary.reason ?? '', /library has no tracks table/);
    assert.equal(p.summary.toRestore, 0);
  });

  it('says why when the variants differ', async () => {
    const backupDir = path.join(root, 'b3');
    const libA = await createDemoLibrary(path.join(root, 'lib3a'), { tracks: 30, seed: 3 });
    const meta = await backupOf(libA, backupDir);
    const libB = await createDemoLibrary(path.join(root, 'lib3b'), { tracks: 30, seed: 3, variant: 'B' });
    const p = await previewRestore({ libraryPath: libB, backupDir, id: meta.id, ctx: silentContext() });
    assert.equal(p.summary.featureAware, false);
    assert.match(p.summary.reason ?? '', /sonic_features_updated_at/);
    assert.match(p.summary.reason ?? '', /sonic_analyzed_at/);
    assert.equal(p.summary.unchanged, 0);
  });

  it('summarises the backup side with the same rule as summarizeFeatures', async () => {
    const backupDir = path.join(root, 'b4');
    const library = await createDemoLibrary(path.join(root, 'lib4'), { tracks: 60, seed: 4 });
    const meta = await backupOf(library, backupDir);
    const before = readTracks(library);
    const db = new Database(library);
    db.exec('UPDATE tracks SET sonic_features = NULL, sonic_features_updated_at = NULL');
    db.close();
    const p = await previewRestore({ libraryPath: library, backupDir, id: meta.id, ctx: silentContext() });
    const analysed = [...before.values()].filter((r) => r.sonic_features !== null);
    assert.equal(p.summary.toRestore, analysed.length);
    for (const c of p.changes) {
      const expected = summarizeFeatures(before.get(c.trackId)!.sonic_features);
      assert.deepEqual([c.formatAfter, c.bpmAfter, c.keyStrengthAfter], [expected.format, expected.bpm, expected.keyStrength]);
    }
  });
});
