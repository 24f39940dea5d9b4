// Restore preview when the two sides cannot be compared track by track (no tracks table,
// different layouts), and the backup side summarised with summarizeFeatures' rule.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { createBackup } from '../../backup/backup';
import { createDemoLibrary } from '../../demo/demo';
import { summarizeFeatures } from '../../library/features';
import { silentContext } from '../../runtime/progress';
import { previewRestore } from '../restore-preview';
import { makeTempRoot, readTracks, removeTree } from '../../test/fixtures/restore-scenario';

describe('previewRestore when the layouts cannot be compared', () => {
  let root: string;
  before(() => {
    root = makeTempRoot('preview-layouts');
  });
  after(() => removeTree(root));

  async function backupOf(libraryPath: string, backupDir: string) {
    return createBackup({
      libraryPath,
      backupDir,
      trigger: 'manual',
      appVersion: 'test',
      ctx: silentContext(),
    });
  }

  function plainDatabase(file: string): string {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const db = new Database(file);
    db.exec(
      "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('hi');",
    );
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
      [
        p.summary.toRestore,
        p.summary.unchanged,
        p.summary.notInLibrary,
        p.summary.libraryOnly,
        p.summary.matchedByPath,
      ],
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
      assert.deepEqual(
        [c.formatAfter, c.bpmAfter, c.keyStrengthAfter],
        [expected.format, expected.bpm, expected.keyStrength],
      );
    }
  });
});
