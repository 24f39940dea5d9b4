// Every command in-process through main(), on a small demo library: JSON documents,
// human output, exit codes, refs, Ctrl-C. (cli-spawn.test.ts runs the real binary.)
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BackupMeta, RestoreResult, VerifyResult } from '../../../shared/types';
import { createDemoLibrary } from '../../engine/demo/demo';
import { main } from '../main';
import { fakeIo } from './fake-io';
import { damageAnalysis, missingAnalysis } from '../../engine/test/fixtures/library-edits';

interface Run {
  code: number;
  out: string;
  err: string;
  questions: string[];
}

describe('backbeat commands', () => {
  let root: string;
  let library: string;
  let backupDir: string;

  async function run(
    argv: string[],
    options: { tty?: boolean; answers?: (string | null)[] } = {},
  ): Promise<Run> {
    const io = fakeIo({ env: { BACKBEAT_LIBRARY: library }, ...options });
    const code = await main(argv, io);
    return { code, out: io.out, err: io.err, questions: io.questions };
  }

  async function json<T>(argv: string[], expectedCode = 0): Promise<T> {
    const r = await run([...argv, '--json']);
    assert.equal(r.code, expectedCode, r.err);
    return JSON.parse(r.out) as T;
  }

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'backbeat-cli-commands-'));
    library = await createDemoLibrary(path.join(root, 'lib'), { tracks: 200, seed: 5 });
    backupDir = path.join(root, 'lib', 'backbeat-backups');
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('says which folder a relative --backup-dir means, on stderr, before using it', async () => {
    const cwd = process.cwd();
    process.chdir(path.join(root, 'lib'));
    try {
      const r = await run(['list', '--backup-dir', 'relative-backups', '--json']);
      assert.equal(r.code, 0, r.err);
      const resolved = path.join(fs.realpathSync(path.join(root, 'lib')), 'relative-backups');
      assert.ok(
        r.err.includes(`--backup-dir "relative-backups" is relative; using ${resolved}`) ||
          r.err.includes(
            `--backup-dir "relative-backups" is relative; using ${path.join(root, 'lib', 'relative-backups')}`,
          ),
        r.err,
      );
      assert.deepEqual(JSON.parse(r.out), [], 'stdout stays one JSON document');
    } finally {
      process.chdir(cwd);
    }
  });

  let first: BackupMeta;
  let second: { id: string };

  it('backs up with a name and without, printing the metadata', async () => {
    first = await json<BackupMeta>(['backup', '--name', 'first']);
    assert.equal(first.name, 'first');
    assert.equal(first.stats.tracks, 200);
    assert.ok(fs.existsSync(path.join(backupDir, `${first.id}.json`)));
    const human = await run(['backup']);
    assert.equal(human.code, 0, human.err);
    assert.match(human.out, /^Backed up 200 tracks as \S+: .* of database\.\nFolder: /);
    second = (await json<{ id: string }[]>(['list']))[0]!;
  });

  it('lists the backups, newest first, with the promised fields', async () => {
    const list = await json<Record<string, unknown>[]>(['list']);
    assert.equal(list.length, 2);
    assert.equal(list[1]!.id, first.id);
    for (const key of [
      'id',
      'name',
      'createdAt',
      'trigger',
      'trackCount',
      'sizeBytes',
      'sha256',
      'status',
      'pinned',
      'verified',
    ]) {
      assert.ok(key in list[0]!, `list entries have ${key}`);
    }
    assert.equal(list[1]!.name, 'first');
    assert.equal(list[1]!.sha256, first.sha256);
    assert.equal(list[1]!.trackCount, 200);
    const human = await run(['list']);
    assert.match(human.out, /^ID\s+NAME\s+CREATED/);
    assert.match(human.out, new RegExp(`${first.id}\\s+first\\s`));
  });

  it('resolves refs by id, name, unique prefix and latest; lists candidates when ambiguous', async () => {
    const byName = await json<BackupMeta & { status: string }>(['info', 'first']);
    assert.equal(byName.id, first.id);
    assert.equal(byName.status, 'ok');
    assert.equal((await json<BackupMeta>(['info', first.id])).id, first.id);
    assert.equal((await json<BackupMeta>(['info', first.id.slice(0, -1)])).id, first.id);
    assert.equal((await json<BackupMeta>(['info', 'latest'])).id, second.id);

    // Both ids start with the same date: a short prefix fits both.
    const ambiguous = await run(['info', first.id.slice(0, 4)]);
    assert.equal(ambiguous.code, 1);
    assert.match(ambiguous.err, /matches 2 backups/);
    assert.ok(ambiguous.err.includes(first.id) && ambiguous.err.includes(second.id), ambiguous.err);

    const missing = await run(['info', 'no-such-backup']);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /No backup in .* "no-such-backup"/);

    const human = await run(['info', 'first']);
    assert.match(human.out, /^ID\s+\S+\nName\s+first\n/);
    assert.match(human.out, /SHA-256\s+[0-9a-f]{64}/);
  });

  it('verifies one backup or all, and exits 1 when one is damaged', async () => {
    const one = await json<VerifyResult>(['verify', 'first']);
    assert.deepEqual([one.id, one.ok, one.problems], [first.id, true, []]);
    const all = await json<{ ok: boolean; results: VerifyResult[] }>(['verify', '--all']);
    assert.equal(all.ok, true);
    assert.equal(all.results.length, 2);

    // Damage a copy of the second backup's data in place, then restore it afterwards.
    const data = path.join(backupDir, `${second.id}.db.gz`);
    const original = fs.readFileSync(data);
    const broken = Buffer.from(original);
    broken[Math.floor(broken.length / 2)]! ^= 0xff;
    fs.writeFileSync(data, broken);
    try {
      const bad = await json<{ ok: boolean; results: VerifyResult[] }>(['verify', '--all'], 1);
      assert.equal(bad.ok, false);
      const result = bad.results.find((r) => r.id === second.id)!;
      assert.equal(result.ok, false);
      assert.ok(result.problems.length > 0);
      const human = await run(['verify', second.id]);
      assert.equal(human.code, 1);
      assert.match(human.out, /PROBLEMS/);
    } finally {
      fs.writeFileSync(data, original);
    }
  });

  it('previews a restore without changing anything', async () => {
    const damaged = damageAnalysis(library);
    const missingBefore = missingAnalysis(library);
    const preview = await json<Record<string, unknown> & { changes: unknown[] }>(['restore', 'first']);
    assert.equal(preview.toRestore, damaged);
    assert.equal(preview.mode, 'additive');
    assert.equal(preview.applied, false);
    assert.equal(preview.changesTotal, damaged);
    assert.equal(preview.changes.length, Math.min(50, damaged));
    for (const key of [
      'unchanged',
      'notInLibrary',
      'libraryOnly',
      'formatsBefore',
      'formatsAfter',
      'unmatched',
    ]) {
      assert.ok(key in preview, `preview has ${key}`);
    }
    const human = await run(['restore', 'first']);
    assert.match(human.out, new RegExp(`To restore\\s+${damaged} tracks`));
    assert.match(human.out, /Nothing was changed\. To apply: backbeat restore first --apply/);

    const replace = await json<{ mode: string; replace: { libraryTracks: number } }>([
      'restore',
      'first',
      '--replace',
    ]);
    assert.equal(replace.mode, 'replace');
    assert.equal(replace.replace.libraryTracks, 200);
    const replaceHuman = await run(['restore', 'first', '--replace']);
    assert.match(replaceHuman.out, /Replace would swap the whole library database/);
    assert.equal(missingAnalysis(library), missingBefore, 'previews change nothing');
  });

  it('applies a restore after a safety backup', async () => {
    const missingBefore = missingAnalysis(library);
    const result = await json<RestoreResult>(['restore', 'first', '--apply']);
    assert.equal(result.mode, 'additive');
    assert.ok(result.restored > 0);
    assert.equal(missingAnalysis(library), missingBefore - result.restored);
    const safety = await json<BackupMeta>(['info', result.safetyBackupId]);
    assert.equal(safety.trigger, 'auto_before_restore');
  });

  it('asks for exactly YES before replacing on a terminal', async () => {
    const before = fs.readdirSync(backupDir).length;
    const refused = await run(['restore', 'first', '--replace', '--apply'], { tty: true, answers: ['yes'] });
    assert.equal(refused.questions.length, 1);
    assert.match(refused.questions[0]!, /Type YES to continue/);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /Cancelled; nothing was changed\./);
    assert.equal(fs.readdirSync(backupDir).length, before, 'no safety backup, nothing done');
  });

  it('cleans up, dry run first, never below one backup', async () => {
    const beforeIds = (await json<{ id: string }[]>(['list'])).map((b) => b.id);
    assert.equal(beforeIds.length, 3);
    const dry = await json<{ dryRun: boolean; removed: { id: string }[]; kept: { id: string }[] }>([
      'cleanup',
      '--keep',
      '2',
      '--dry-run',
    ]);
    assert.equal(dry.dryRun, true);
    assert.deepEqual(
      dry.removed.map((r) => r.id),
      [beforeIds[2]],
    );
    assert.equal(dry.kept.length, 2);
    assert.equal((await json<unknown[]>(['list'])).length, 3);
    const human = await run(['cleanup', '--keep', '2']);
    assert.equal(human.code, 0, human.err);
    assert.match(human.out, /^Removed 1 backup \(/);
    assert.deepEqual(
      (await json<{ id: string }[]>(['list'])).map((b) => b.id),
      beforeIds.slice(0, 2),
    );
  });

  it('cancels a job on Ctrl-C: exit 1, "Cancelled; nothing was changed.", no backup', async () => {
    const before = fs.readdirSync(backupDir).sort();
    const io = fakeIo({ env: { BACKBEAT_LIBRARY: library }, tty: true });
    const running = main(['backup', '--name', 'interrupted'], io);
    assert.equal(io.handlerCount(), 1, 'the job listens for Ctrl-C as soon as it starts');
    io.interrupt();
    assert.equal(await running, 1);
    assert.match(io.err, /Cancelled; nothing was changed\.\n$/);
    assert.equal(io.out, '');
    assert.deepEqual(fs.readdirSync(backupDir).sort(), before);
  });

  it('uses --backup-dir over the default', async () => {
    const elsewhere = path.join(root, 'elsewhere');
    const meta = await json<BackupMeta>(['backup', '--backup-dir', elsewhere]);
    assert.ok(fs.existsSync(path.join(elsewhere, `${meta.id}.json`)));
    const list = await json<{ id: string }[]>(['list', '--backup-dir', elsewhere]);
    assert.deepEqual(
      list.map((b) => b.id),
      [meta.id],
    );
  });

  it('replaces the whole database once YES is typed, saving the current one beside it', async () => {
    const r = await run(['restore', 'latest', '--replace', '--apply'], { tty: true, answers: ['YES'] });
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^Replaced the library with backup /);
    const saved = /The previous database was saved as (.+)\.\n/.exec(r.out)?.[1];
    assert.ok(saved && fs.existsSync(saved), r.out);
    const stats = await json<{ totalTracks: number }>(['stats']);
    assert.equal(stats.totalTracks, 200);
  });
});
