// Restore kinds: every matched track whose analysis differs is a fill, a replace, a
// downgrade or an erase; only fills and replaces are written unless more is asked for, so
// a restore never erases analysis by default. Also: undo puts back exactly what a restore
// wrote, and a backup of another library is refused before anything is written.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { ContractError } from '../../../../shared/contract';
import {
  RESTORE_KINDS,
  formatsAfterKinds,
  kindOfChange,
  parseKindList,
  type RestoreKind,
} from '../../../../shared/restore-kinds';
import { createBackup } from '../../backup/backup';
import { deleteBackup, listBackups } from '../../backup/backup-store';
import { createDemoLibrary } from '../../demo/demo';
import { silentContext } from '../../runtime/progress';
import { applyRestore } from '../restore-apply';
import { previewRestore } from '../restore-preview';
import { undoRecordPath } from '../restore-undo-record';
import {
  dumpDatabase,
  libraryWithBackup,
  makeTempRoot,
  removeTree,
  type Fixture,
} from '../../test/fixtures/restore-scenario';

const roots: string[] = [];
after(() => roots.forEach(removeTree));

async function fixture(prefix: string, tracks = 300): Promise<Fixture> {
  const f = await libraryWithBackup(prefix, { tracks, seed: 5 });
  roots.push(f.root);
  return f;
}

function write(libraryPath: string, sql: string, ...params: unknown[]): void {
  const db = new Database(libraryPath);
  try {
    db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}

function query<T>(libraryPath: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(libraryPath, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

const B3T = "json_extract(sonic_features, '$.full.extraction_method') = 'beat3tower'";

function ids(libraryPath: string, where: string, limit: number): string[] {
  return query<{ track_id: string }>(
    libraryPath,
    `SELECT track_id FROM tracks WHERE ${where} ORDER BY rowid LIMIT ?`,
    limit,
  ).map((r) => r.track_id);
}

function featuresOf(libraryPath: string, trackId: string): string | null {
  return query<{ f: string | null }>(
    libraryPath,
    'SELECT sonic_features AS f FROM tracks WHERE track_id = ?',
    trackId,
  )[0]!.f;
}

/** A beat3tower document unlike any other track's, as a rescan would write it. */
function freshBeat3tower(libraryPath: string, salt: string): string {
  const doc = JSON.parse(featuresOf(libraryPath, ids(libraryPath, B3T, 1)[0]!)!) as Record<string, unknown>;
  (doc.metadata as Record<string, unknown>).rescanned = salt;
  return JSON.stringify(doc);
}

const LATER = '2099-01-01T00:00:00.000Z';

/** Analyses the library's pending tracks after the backup, as a scan finishing later would. */
function analysePending(libraryPath: string): string[] {
  const pending = ids(libraryPath, 'sonic_features IS NULL', 1000);
  for (const id of pending) {
    write(
      libraryPath,
      'UPDATE tracks SET sonic_features = ?, sonic_features_updated_at = ? WHERE track_id = ?',
      freshBeat3tower(libraryPath, id),
      LATER,
      id,
    );
  }
  return pending;
}

interface KindSetup {
  fills: string[];
  replaces: string[];
  downgrades: string[];
  erases: string[];
}

/** Gives the library tracks of every kind against the fixture's backup. */
function makeEveryKind(libraryPath: string): KindSetup {
  // Fills: analysed in the backup, wiped in the library.
  const fills = ids(libraryPath, B3T, 4);
  for (const id of fills) {
    write(
      libraryPath,
      'UPDATE tracks SET sonic_features = NULL, sonic_features_updated_at = NULL WHERE track_id = ?',
      id,
    );
  }
  // Replaces: beat3tower on both sides, re-analysed in the library after the backup.
  const replaces = ids(libraryPath, B3T, 100)
    .filter((id) => !fills.includes(id))
    .slice(-3);
  for (const id of replaces) {
    write(
      libraryPath,
      'UPDATE tracks SET sonic_features = ?, sonic_features_updated_at = ? WHERE track_id = ?',
      freshBeat3tower(libraryPath, `r-${id}`),
      LATER,
      id,
    );
  }
  // Downgrades: legacy in the backup, beat3tower in the library.
  const downgrades = ids(libraryPath, `sonic_features IS NOT NULL AND NOT ${B3T}`, 2);
  for (const id of downgrades) {
    write(
      libraryPath,
      'UPDATE tracks SET sonic_features = ?, sonic_features_updated_at = ? WHERE track_id = ?',
      freshBeat3tower(libraryPath, `d-${id}`),
      LATER,
      id,
    );
  }
  // Erases: pending in the backup, analysed since in the library.
  const erases = ids(libraryPath, 'sonic_features IS NULL', 1000)
    .filter((id) => !fills.includes(id))
    .slice(0, 5);
  for (const id of erases) {
    write(
      libraryPath,
      'UPDATE tracks SET sonic_features = ?, sonic_features_updated_at = ? WHERE track_id = ?',
      freshBeat3tower(libraryPath, `e-${id}`),
      LATER,
      id,
    );
  }
  return { fills, replaces, downgrades, erases };
}

describe('restore kinds: the shared rules', () => {
  it('classifies each pair of formats', () => {
    assert.equal(kindOfChange('none', 'beat3tower'), 'fills');
    assert.equal(kindOfChange('none', 'legacy'), 'fills');
    assert.equal(kindOfChange('none', 'none'), 'fills');
    assert.equal(kindOfChange('beat3tower', 'beat3tower'), 'replaces');
    assert.equal(kindOfChange('legacy', 'legacy'), 'replaces');
    assert.equal(kindOfChange('legacy', 'beat3tower'), 'replaces');
    assert.equal(kindOfChange('beat3tower', 'legacy'), 'downgrades');
    assert.equal(kindOfChange('beat3tower', 'none'), 'erases');
    assert.equal(kindOfChange('legacy', 'none'), 'erases');
  });

  it('parses --include lists, "all", and refuses unknown kinds', () => {
    assert.deepEqual(parseKindList('replaces,fills'), { kinds: ['fills', 'replaces'] });
    assert.deepEqual(parseKindList('all'), { kinds: [...RESTORE_KINDS] });
    assert.deepEqual(parseKindList(' Erases , fills,fills'), { kinds: ['fills', 'erases'] });
    assert.ok('error' in parseKindList('fills,everything'));
    assert.ok('error' in parseKindList(','));
  });

  it('moves the format counts by the chosen kinds only', () => {
    const zero = { beat3tower: 0, legacy: 0, none: 0 };
    const deltas: Record<RestoreKind, typeof zero> = {
      fills: { beat3tower: 2, legacy: 0, none: -2 },
      replaces: { ...zero },
      downgrades: { beat3tower: -1, legacy: 1, none: 0 },
      erases: { beat3tower: -3, legacy: 0, none: 3 },
    };
    const before = { beat3tower: 10, legacy: 5, none: 4 };
    assert.deepEqual(formatsAfterKinds(before, deltas, ['fills', 'replaces']), {
      beat3tower: 12,
      legacy: 5,
      none: 2,
    });
    assert.deepEqual(formatsAfterKinds(before, deltas, [...RESTORE_KINDS]), {
      beat3tower: 8,
      legacy: 6,
      none: 5,
    });
  });
});

describe('restore kinds: preview and apply', () => {
  it('counts each kind, restores only fills and replaces by default, and keeps the rest', async () => {
    const f = await fixture('kinds-default');
    const setup = makeEveryKind(f.libraryPath);
    const preview = await previewRestore({ ...f, id: f.backup.id, ctx: silentContext() });
    const s = preview.summary;
    assert.equal(s.fills, setup.fills.length);
    assert.equal(s.replaces, setup.replaces.length);
    assert.equal(s.downgrades, setup.downgrades.length);
    assert.equal(s.erases, setup.erases.length);
    assert.deepEqual(s.include, ['fills', 'replaces']);
    assert.equal(s.toRestore, setup.fills.length + setup.replaces.length);
    assert.deepEqual(s.analysedSinceBackup, {
      fills: 0,
      replaces: setup.replaces.length,
      downgrades: setup.downgrades.length,
      erases: setup.erases.length,
    });
    for (const kind of RESTORE_KINDS) {
      const listed = preview.changes
        .filter((c) => c.kind === kind)
        .map((c) => c.libraryTrackId)
        .sort();
      assert.deepEqual(listed, [...setup[kind]].sort(), `${kind} listed`);
    }
    // Formats after: only the fills move (none -> beat3tower); replaces stay beat3tower.
    assert.equal(s.formatsAfter.none, s.formatsBefore.none - setup.fills.length);
    assert.equal(s.otherLibrary, null);

    const downgraded = setup.downgrades.map((id) => featuresOf(f.libraryPath, id));
    const erased = setup.erases.map((id) => featuresOf(f.libraryPath, id));
    const result = await applyRestore({
      ...f,
      id: f.backup.id,
      mode: 'additive',
      appVersion: 'test',
      ctx: silentContext(),
    });
    assert.equal(result.restored, setup.fills.length + setup.replaces.length);
    assert.deepEqual(result.written, {
      fills: setup.fills.length,
      replaces: setup.replaces.length,
      downgrades: 0,
      erases: 0,
    });
    assert.deepEqual(result.keptByKind, {
      fills: 0,
      replaces: 0,
      downgrades: setup.downgrades.length,
      erases: setup.erases.length,
    });
    assert.deepEqual(
      setup.downgrades.map((id) => featuresOf(f.libraryPath, id)),
      downgraded,
    );
    assert.deepEqual(
      setup.erases.map((id) => featuresOf(f.libraryPath, id)),
      erased,
    );
    for (const id of setup.fills) assert.notEqual(featuresOf(f.libraryPath, id), null);
    assert.equal(result.undoable, true);
    assert.ok(fs.existsSync(undoRecordPath(f.backupDir, result.safetyBackupId)));
  });

  it('writes downgrades and erases only when they are chosen', async () => {
    const f = await fixture('kinds-all');
    const setup = makeEveryKind(f.libraryPath);
    const chosen: RestoreKind[] = ['downgrades', 'erases'];
    const preview = await previewRestore({ ...f, id: f.backup.id, ctx: silentContext(), include: chosen });
    assert.equal(preview.summary.toRestore, setup.downgrades.length + setup.erases.length);
    assert.equal(preview.summary.formatsAfter.none, preview.summary.formatsBefore.none + setup.erases.length);
    const result = await applyRestore({
      ...f,
      id: f.backup.id,
      mode: 'additive',
      appVersion: 'test',
      ctx: silentContext(),
      include: chosen,
    });
    assert.deepEqual(result.written, {
      fills: 0,
      replaces: 0,
      downgrades: setup.downgrades.length,
      erases: setup.erases.length,
    });
    for (const id of setup.erases) assert.equal(featuresOf(f.libraryPath, id), null);
    for (const id of setup.fills) assert.equal(featuresOf(f.libraryPath, id), null, 'fills were not chosen');
    const legacy = query<{ n: number }>(
      f.libraryPath,
      `SELECT count(*) AS n FROM tracks WHERE track_id IN (${setup.downgrades.map(() => '?').join(',')}) AND NOT ${B3T}`,
      ...setup.downgrades,
    )[0]!.n;
    assert.equal(legacy, setup.downgrades.length);
  });

  it("the issue's scenario: tracks analysed after the backup keep their analysis", async () => {
    // The demo's own 300 tracks (default seed), as in the issue: 20 of them are pending.
    const f = await libraryWithBackup('kinds-scenario', { tracks: 300 });
    roots.push(f.root);
    const pending = analysePending(f.libraryPath);
    assert.ok(pending.length > 0);
    const analysedBefore = new Map(
      query<{ track_id: string; f: string | null }>(
        f.libraryPath,
        'SELECT track_id, sonic_features AS f FROM tracks',
      ).map((r) => [r.track_id, r.f]),
    );
    const preview = await previewRestore({ ...f, id: f.backup.id, ctx: silentContext() });
    assert.equal(preview.summary.erases, pending.length);
    assert.equal(preview.summary.analysedSinceBackup.erases, pending.length);
    assert.equal(preview.summary.toRestore, 0);
    assert.equal(preview.summary.formatsAfter.none, 0);
    await applyRestore({ ...f, id: f.backup.id, mode: 'additive', appVersion: 'test', ctx: silentContext() });
    for (const [id, features] of analysedBefore) {
      if (features !== null) assert.notEqual(featuresOf(f.libraryPath, id), null, `${id} lost its analysis`);
    }
  });
});

describe('undo restore', () => {
  it('puts back exactly what the restore wrote, and keeps what changed since', async () => {
    const f = await fixture('kinds-undo');
    const setup = makeEveryKind(f.libraryPath);
    const beforeRestore = dumpDatabase(f.libraryPath);
    const restore = await applyRestore({
      ...f,
      id: f.backup.id,
      mode: 'additive',
      appVersion: 'test',
      ctx: silentContext(),
    });
    assert.equal(restore.restored, setup.fills.length + setup.replaces.length);

    // Undone right away, the library is byte for byte what it was before the restore.
    const preview = await previewRestore({
      ...f,
      id: restore.safetyBackupId,
      ctx: silentContext(),
      undo: true,
    });
    assert.equal(preview.summary.toRestore, restore.restored);
    assert.deepEqual(preview.summary.undo, {
      restoredFrom: f.backup.id,
      recorded: restore.restored,
      changedSince: 0,
    });
    // The restore's fills come back as erases: every kind is part of an undo.
    assert.equal(preview.summary.erases, setup.fills.length);
    const undo = await applyRestore({
      ...f,
      id: restore.safetyBackupId,
      mode: 'additive',
      undo: true,
      appVersion: 'test',
      ctx: silentContext(),
    });
    assert.equal(undo.restored, restore.restored);
    assert.equal(dumpDatabase(f.libraryPath), beforeRestore);
  });

  it('leaves alone a restored track analysed again after the restore, and tracks it did not touch', async () => {
    const f = await fixture('kinds-undo-later');
    const setup = makeEveryKind(f.libraryPath);
    const restore = await applyRestore({
      ...f,
      id: f.backup.id,
      mode: 'additive',
      appVersion: 'test',
      ctx: silentContext(),
    });
    // After the restore: one restored track is rescanned, one untouched track too.
    const rescanned = setup.fills[0]!;
    const newer = freshBeat3tower(f.libraryPath, 'after-restore');
    write(f.libraryPath, 'UPDATE tracks SET sonic_features = ? WHERE track_id = ?', newer, rescanned);
    const untouched = setup.erases[0]!;
    const untouchedNewer = freshBeat3tower(f.libraryPath, 'untouched');
    write(
      f.libraryPath,
      'UPDATE tracks SET sonic_features = ? WHERE track_id = ?',
      untouchedNewer,
      untouched,
    );

    const preview = await previewRestore({
      ...f,
      id: restore.safetyBackupId,
      ctx: silentContext(),
      undo: true,
    });
    assert.equal(preview.summary.undo?.changedSince, 1);
    assert.equal(preview.summary.toRestore, restore.restored - 1);
    assert.ok(!preview.changes.some((c) => c.libraryTrackId === rescanned || c.libraryTrackId === untouched));

    const undo = await applyRestore({
      ...f,
      id: restore.safetyBackupId,
      mode: 'additive',
      undo: true,
      appVersion: 'test',
      ctx: silentContext(),
    });
    assert.equal(undo.restored, restore.restored - 1);
    assert.equal(undo.undo?.changedSince, 1);
    assert.equal(featuresOf(f.libraryPath, rescanned), newer);
    assert.equal(featuresOf(f.libraryPath, untouched), untouchedNewer);
    for (const id of setup.fills.slice(1)) assert.equal(featuresOf(f.libraryPath, id), null, 'fill undone');
  });

  it('refuses to undo from a backup that no restore made, and deleting the safety backup removes its record', async () => {
    const f = await fixture('kinds-undo-none');
    await assert.rejects(
      previewRestore({ ...f, id: f.backup.id, ctx: silentContext(), undo: true }),
      (e: unknown) =>
        e instanceof ContractError && e.code === 'not-found' && /no record of a restore/.test(e.message),
    );
    makeEveryKind(f.libraryPath);
    const restore = await applyRestore({
      ...f,
      id: f.backup.id,
      mode: 'additive',
      appVersion: 'test',
      ctx: silentContext(),
    });
    const record = undoRecordPath(f.backupDir, restore.safetyBackupId);
    assert.ok(fs.existsSync(record));
    // Listing does not mistake the record for a backup.
    assert.ok((await listBackups(f.backupDir)).every((b) => b.status === 'ok'));
    await deleteBackup(f.backupDir, restore.safetyBackupId);
    assert.ok(!fs.existsSync(record));
  });
});

describe('a backup of another library', () => {
  it('is named plainly in the preview and refused before anything is written', async () => {
    const f = await fixture('kinds-other');
    const otherRoot = makeTempRoot('kinds-other-lib');
    roots.push(otherRoot);
    const otherLibrary = await createDemoLibrary(path.join(otherRoot, 'lib'), { tracks: 120, seed: 99 });
    const foreign = await createBackup({
      libraryPath: otherLibrary,
      backupDir: f.backupDir,
      trigger: 'manual',
      appVersion: 'test',
      ctx: silentContext(),
    });
    const preview = await previewRestore({ ...f, id: foreign.id, ctx: silentContext() });
    assert.match(
      preview.summary.otherLibrary ?? '',
      /made from another library \(.*lib[/\\]library\.db\): only 0 of its 120 tracks match/,
    );

    const dump = dumpDatabase(f.libraryPath);
    const backupsBefore = (await listBackups(f.backupDir)).length;
    await assert.rejects(
      applyRestore({ ...f, id: foreign.id, mode: 'additive', appVersion: 'test', ctx: silentContext() }),
      (e: unknown) =>
        e instanceof ContractError &&
        e.code === 'not-applicable' &&
        /another library.*Nothing was changed/s.test(e.message),
    );
    assert.equal(dumpDatabase(f.libraryPath), dump);
    assert.equal((await listBackups(f.backupDir)).length, backupsBefore, 'no safety backup was made');

    // Asked for explicitly, it goes ahead (and writes the nothing that matches).
    const result = await applyRestore({
      ...f,
      id: foreign.id,
      mode: 'additive',
      otherLibrary: true,
      appVersion: 'test',
      ctx: silentContext(),
    });
    assert.equal(result.restored, 0);
  });

  it('a backup of this library, even after it moved, is not flagged while its tracks match', async () => {
    const f = await fixture('kinds-moved');
    const moved = path.join(f.root, 'moved.db');
    fs.copyFileSync(f.libraryPath, moved);
    const preview = await previewRestore({ ...f, libraryPath: moved, id: f.backup.id, ctx: silentContext() });
    assert.equal(preview.summary.otherLibrary, null);
  });
});
