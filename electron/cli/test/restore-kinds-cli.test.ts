// `backbeat restore` and the kinds of change: the scenario end to end through the
// CLI (demo 300 tracks, backup, the pending tracks analysed afterwards, restore --apply:
// no track loses its analysis), --include and its usage errors, the printed undo command
// and running it, and a backup of another library refused before anything is written.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { RestoreResult } from '../../../shared/types';
import { main } from '../main';
import { fakeIo } from './fake-io';

interface Run {
  code: number;
  out: string;
  err: string;
}

/** track_id -> sonic_features, for the whole library. */
function analysis(libraryPath: string): Map<string, string | null> {
  const db = new Database(libraryPath, { readonly: true });
  try {
    const rows = db.prepare('SELECT track_id, sonic_features FROM tracks').raw().all() as [
      string,
      string | null,
    ][];
    return new Map(rows);
  } finally {
    db.close();
  }
}

function edit(libraryPath: string, fn: (db: Database.Database) => void): void {
  const db = new Database(libraryPath);
  try {
    fn(db);
  } finally {
    db.close();
  }
}

describe('backbeat restore: kinds, undo, another library', () => {
  let root: string;
  let library: string;

  async function run(argv: string[], env: NodeJS.ProcessEnv = { BACKBEAT_LIBRARY: library }): Promise<Run> {
    const io = fakeIo({ env });
    const code = await main(argv, io);
    return { code, out: io.out, err: io.err };
  }

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'backbeat-cli-kinds-'));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  let pending: string[] = [];
  let wiped: string[] = [];

  it("the issue's scenario: restore --apply after the pending tracks were analysed erases nothing", async () => {
    const demo = await run(['demo', path.join(root, 'D'), '--tracks', '300'], {});
    assert.equal(demo.code, 0, demo.err);
    library = path.join(root, 'D', 'library.db');
    assert.equal((await run(['backup', '--name', 'before'])).code, 0);

    // A scan finishing after the backup gives the pending tracks analysis.
    edit(library, (db) => {
      const donor = db
        .prepare('SELECT sonic_features FROM tracks WHERE sonic_features IS NOT NULL LIMIT 1')
        .pluck()
        .get() as string;
      pending = db
        .prepare('SELECT track_id FROM tracks WHERE sonic_features IS NULL')
        .pluck()
        .all() as string[];
      const update = db.prepare(
        "UPDATE tracks SET sonic_features = ?, sonic_features_updated_at = '2099-01-01T00:00:00Z' WHERE track_id = ?",
      );
      for (const id of pending) update.run(donor, id);
    });
    assert.equal(pending.length, 20);

    const human = await run(['restore', 'before']);
    assert.equal(human.code, 0, human.err);
    assert.match(human.out, /20 tracks analysed since this backup keep their analysis/);
    assert.match(human.out, /By kind\s+0 fills, 0 replaces, 0 downgrades, 20 erases/);
    assert.match(human.out, /Formats after\s+.*, 0 none/);

    const doc = JSON.parse((await run(['restore', 'before', '--json'])).out) as Record<string, unknown>;
    assert.equal(doc.fills, 0);
    assert.equal(doc.replaces, 0);
    assert.equal(doc.downgrades, 0);
    assert.equal(doc.erases, 20);
    assert.equal(doc.toRestore, 0);
    const all = JSON.parse((await run(['restore', 'before', '--json', '--include', 'all'])).out) as Record<
      string,
      unknown
    >;
    assert.equal(all.toRestore, 20);

    const before = analysis(library);
    const applied = await run(['restore', 'before', '--apply']);
    assert.equal(applied.code, 0, applied.err);
    assert.match(applied.out, /Restored the analysis of 0 tracks/);
    const afterApply = analysis(library);
    for (const [id, features] of before) {
      if (features !== null) assert.notEqual(afterApply.get(id), null, `${id} lost its analysis`);
    }
  });

  it('refuses a bad --include with exit 2', async () => {
    const bad = await run(['restore', 'before', '--include', 'fills,everything']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /Unknown restore kind "everything"/);
    const withReplace = await run(['restore', 'before', '--replace', '--include', 'fills']);
    assert.equal(withReplace.code, 2);
  });

  it('prints the command that undoes an apply, and that command puts back exactly what was written', async () => {
    // A botched rescan wipes 6 tracks after the backup: fills for the restore.
    edit(library, (db) => {
      wiped = db
        .prepare('SELECT track_id FROM tracks WHERE sonic_features IS NOT NULL ORDER BY rowid')
        .pluck()
        .all()
        .filter((id) => !pending.includes(id as string))
        .slice(0, 6) as string[];
      const wipe = db.prepare('UPDATE tracks SET sonic_features = NULL WHERE track_id = ?');
      for (const id of wiped) wipe.run(id);
    });
    const beforeRestore = analysis(library);
    const applied = await run(['restore', 'before', '--apply']);
    assert.equal(applied.code, 0, applied.err);
    assert.match(applied.out, /Restored the analysis of 6 tracks/);
    assert.match(applied.out, /Written: 6 fills, 0 replaces, 0 downgrades, 0 erases\./);
    assert.match(applied.out, /Kept as they were \(kind not chosen\): 20 erases\./);
    const command = /To undo this restore: backbeat (restore \S+ --undo --apply)/.exec(applied.out);
    assert.ok(command, applied.out);
    const result = JSON.parse((await run(['list', '--json'])).out) as { id: string; trigger: string }[];
    const safety = result.find((b) => b.trigger === 'auto_before_restore' && command[1]!.includes(b.id));
    assert.ok(safety, 'the command names the safety backup');

    const preview = await run(command[1]!.replace(' --apply', '').split(' '));
    assert.equal(preview.code, 0, preview.err);
    assert.match(preview.out, /Undo of the restore from backup \S+: it wrote 6 tracks/);
    const undone = await run(command[1]!.split(' '));
    assert.equal(undone.code, 0, undone.err);
    assert.match(undone.out, /Undid the restore from backup \S+: put back the analysis of 6 tracks/);
    assert.deepEqual(analysis(library), beforeRestore);
  });

  it('restore --apply --json carries what was written by kind and the undo command', async () => {
    edit(library, (db) =>
      db.prepare('UPDATE tracks SET sonic_features = NULL WHERE track_id = ?').run(wiped[0]),
    );
    const r = await run(['restore', 'before', '--apply', '--json']);
    assert.equal(r.code, 0, r.err);
    const doc = JSON.parse(r.out) as RestoreResult & { undoCommand?: string };
    assert.deepEqual(doc.written, { fills: wiped.length, replaces: 0, downgrades: 0, erases: 0 });
    assert.deepEqual(doc.include, ['fills', 'replaces']);
    assert.equal(doc.undoCommand, `backbeat restore ${doc.safetyBackupId} --undo --apply`);
  });

  it("says plainly that a backup is another library's, and refuses --apply before writing", async () => {
    const other = path.join(root, 'other');
    assert.equal((await run(['demo', other, '--tracks', '50'], {})).code, 0);
    // The same demo generator: give its tracks ids and files of their own.
    edit(path.join(other, 'library.db'), (db) =>
      db.exec("UPDATE tracks SET track_id = 'other-' || track_id, file_path = '/elsewhere' || file_path"),
    );
    const backupDir = path.join(root, 'D', 'backbeat-backups');
    const otherBackup = await run(['backup', '--name', 'theirs', '--backup-dir', backupDir], {
      BACKBEAT_LIBRARY: path.join(other, 'library.db'),
    });
    assert.equal(otherBackup.code, 0, otherBackup.err);
    const preview = await run(['restore', 'theirs']);
    assert.equal(preview.code, 0, preview.err);
    assert.match(preview.out, /Warning: This backup was made from another library \(.*other.library\.db\)/);
    const listed = (JSON.parse((await run(['list', '--json'])).out) as unknown[]).length;
    const refused = await run(['restore', 'theirs', '--apply']);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /another library.*Nothing was changed/s);
    assert.equal((JSON.parse((await run(['list', '--json'])).out) as unknown[]).length, listed);
  });
});
