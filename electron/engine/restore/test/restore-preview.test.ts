// Restore preview against a real backup of a library that was then changed behind the
// engine's back: exact counts, the per-track changes, variant B, and that the preview
// changes nothing and leaves no temp file.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { ContractError } from '../../../../shared/contract';
import { getLibraryStats } from '../../library/library';
import { silentContext } from '../../runtime/progress';
import { previewRestore } from '../restore-preview';
import {
  SIZES,
  countFormats,
  dumpDatabase,
  libraryWithBackup,
  readTracks,
  removeTree,
  tamperLibrary,
  type Fixture,
  type Tampering,
} from '../../test/fixtures/restore-scenario';

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

    assert.deepEqual(preview.summary.formatsBefore, countFormats(fx.libraryPath));
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
      previewRestore({
        libraryPath: fx.libraryPath,
        backupDir: fx.backupDir,
        id: fx.backup.id,
        ctx: silentContext(controller.signal),
      }),
      (e: unknown) => e instanceof ContractError && e.code === 'cancelled',
    );
    assert.deepEqual(unpackedLeftovers(), []);
  });

  it('counts formats right even when the backup metadata does not fit the file', async () => {
    const metaPath = path.join(fx.backupDir, `${fx.backup.id}.json`);
    const original = fs.readFileSync(metaPath, 'utf8');
    try {
      const meta = JSON.parse(original) as { stats: { tracks: number; beat3tower: number } };
      meta.stats.tracks += 5;
      meta.stats.beat3tower += 5;
      fs.writeFileSync(metaPath, JSON.stringify(meta, null, 2));
      const preview = await previewRestore({
        libraryPath: fx.libraryPath,
        backupDir: fx.backupDir,
        id: fx.backup.id,
        ctx: silentContext(),
      });
      assert.deepEqual(preview.summary.formatsBefore, countFormats(fx.libraryPath));
    } finally {
      fs.writeFileSync(metaPath, original);
    }
  });

  it('copes with feature text that is not JSON, on either kind of track', async () => {
    const db = new Database(fx.libraryPath);
    db.prepare('UPDATE tracks SET sonic_features = \'{"full": trunc\' WHERE track_id = ?').run(
      tampering.altered[0],
    );
    db.prepare(
      `INSERT INTO tracks (track_id, artist, title, album, file_path, sonic_features, sonic_features_updated_at)
       VALUES ('not-json-track', 'A', 'B', 'C', '/music/x.flac', 'not json {"full":{"extraction_method":"beat3tower"}}', NULL)`,
    ).run();
    db.close();
    const preview = await previewRestore({
      libraryPath: fx.libraryPath,
      backupDir: fx.backupDir,
      id: fx.backup.id,
      ctx: silentContext(),
    });
    assert.equal(preview.summary.libraryOnly, SIZES.libraryOnly + 1);
    assert.deepEqual(preview.summary.formatsBefore, countFormats(fx.libraryPath));
    const broken = preview.changes.find((c) => c.trackId === tampering.altered[0])!;
    assert.deepEqual([broken.formatBefore, broken.bpmBefore], ['legacy', null]);
  });

  it('fails with not-found for an unknown backup', async () => {
    await assert.rejects(
      previewRestore({
        libraryPath: fx.libraryPath,
        backupDir: fx.backupDir,
        id: 'nope123',
        ctx: silentContext(),
      }),
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
