// `backbeat rescan` and `backbeat demo --with-audio` through the real binary: safe by
// default, force refused (exit 1, library and backups untouched) unless confirmed with
// exactly YES, the auto_before_force backup, bad numbers as usage errors, --json.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { RescanPlanView, RescanSummaryView } from '../../../shared/rescan-types';
import { jsonOf, runCli } from './spawn-cli';
import { missingAnalysis } from '../../engine/test/fixtures/library-edits';

const TRACKS = 6;

function tracksHash(library: string): string {
  const db = new Database(library, { readonly: true });
  try {
    const rows = db.prepare('SELECT * FROM tracks ORDER BY track_id').all();
    return crypto.createHash('sha256').update(JSON.stringify(rows)).digest('hex');
  } finally {
    db.close();
  }
}

describe('backbeat rescan', () => {
  let root: string;
  let library: string;
  let common: string[];

  const backups = async (): Promise<{ trigger: string }[]> =>
    jsonOf<{ trigger: string }[]>(await runCli(['list', '--json', '--library', library]));

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'backbeat-cli-rescan-'));
    const demo = await runCli(['demo', path.join(root, 'lib'), '--tracks', String(TRACKS), '--with-audio']);
    assert.equal(demo.code, 0, demo.stderr);
    library = path.join(root, 'lib', 'library.db');
    assert.match(demo.stdout, /audio file for each of its 6 tracks/);
    common = ['--library', library, '--data-dir', path.join(root, 'data')];
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('refuses a force rescan without a terminal and without --confirm YES, changing nothing', async () => {
    const hash = tracksHash(library);
    const bare = await runCli(['rescan', '--force', ...common]);
    assert.equal(bare.code, 1, bare.stderr);
    assert.match(bare.stderr, /would be overwritten \(\d+ with beat3tower features\)/);
    assert.match(bare.stderr, /--confirm YES/);
    for (const word of ['yes', ' YES ', 'Yes']) {
      const wrong = await runCli(['rescan', '--force', '--confirm', word, ...common]);
      assert.equal(wrong.code, 1, `--confirm ${JSON.stringify(word)}: ${wrong.stderr}`);
      assert.match(wrong.stderr, /nothing was changed/);
    }
    assert.equal(tracksHash(library), hash, 'the tracks are untouched');
    assert.deepEqual(await backups(), [], 'no backup was made');
  });

  it('treats bad numbers as usage errors (exit 2)', async () => {
    for (const args of [
      ['--workers', '0'],
      ['--workers', 'many'],
      ['--limit', '0'],
    ]) {
      const run = await runCli(['rescan', ...args, ...common]);
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
    }
    assert.equal(
      (await runCli(['rescan', '--confirm', 'YES', ...common])).code,
      2,
      '--confirm without --force',
    );
  });

  it('runs a safe rescan by default and prints the plan and summary as one JSON document', async () => {
    const before = missingAnalysis(library);
    assert.ok(before > 0);
    const run = await runCli(['rescan', '--json', '--workers', '2', ...common]);
    const doc = jsonOf<{ plan: RescanPlanView; summary: RescanSummaryView; progressBackups: unknown[] }>(run);
    assert.deepEqual(Object.keys(doc).sort(), ['plan', 'progressBackups', 'summary']);
    assert.deepEqual(doc.progressBackups, [], 'no progress tiers saved');
    assert.equal(doc.plan.mode, 'safe');
    assert.equal(doc.plan.toAnalyse, before);
    assert.equal(doc.plan.totalTracks, TRACKS);
    assert.equal(doc.summary.analysed, before);
    assert.equal(doc.summary.failedCount, 0);
    assert.equal(doc.summary.backupId, null);
    assert.equal(missingAnalysis(library), 0);
    assert.deepEqual(await backups(), [], 'safe mode makes no backup');
  });

  it('with --confirm YES backs up (auto_before_force) and re-analyses every track', async () => {
    const hash = tracksHash(library);
    const run = await runCli(['rescan', '--force', '--confirm', 'YES', ...common]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`analysed ${TRACKS} of ${TRACKS}`));
    assert.match(run.stdout, /Backup made before the force rescan/);
    const list = await backups();
    assert.equal(list.length, 1);
    assert.equal(list[0]!.trigger, 'auto_before_force');
    assert.notEqual(tracksHash(library), hash, 'the analysis was rewritten');
  });

  it('with the audio unplugged, refuses before the prompt and any backup (exit 1), naming the first file', async () => {
    const music = path.join(root, 'lib', 'music');
    const unplugged = path.join(root, 'lib', 'music-unplugged');
    fs.renameSync(music, unplugged);
    try {
      const hash = tracksHash(library);
      const before = await backups();
      // Force mode: safe mode has nothing left to analyse after the tests above.
      for (const args of [['rescan', '--force', '--confirm', 'YES']]) {
        const run = await runCli([...args, ...common]);
        assert.equal(run.code, 1, run.stderr);
        assert.match(
          run.stderr,
          new RegExp(
            `None of the ${TRACKS} audio files were found \\(first: music/.+\\)\\. Is the drive connected\\?`,
          ),
        );
        assert.doesNotMatch(run.stderr, /would be overwritten/, 'refused before the force warning');
      }
      assert.equal(tracksHash(library), hash, 'nothing changed');
      assert.deepEqual(await backups(), before, 'no backup was made');
    } finally {
      fs.renameSync(unplugged, music);
    }
  });

  it('with some audio missing, says how many and scans the rest (exit 1: not every track analysed)', async () => {
    const first = fs
      .readdirSync(path.join(root, 'lib', 'music'), { recursive: true, withFileTypes: true })
      .find((e) => e.isFile())!;
    const file = path.join(first.parentPath, first.name);
    const aside = path.join(root, 'aside');
    fs.renameSync(file, aside);
    try {
      const run = await runCli(['rescan', '--force', '--confirm', 'YES', ...common]);
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, new RegExp(`\\d+ of the ${TRACKS} tracks to analyse have no audio file`));
      assert.match(run.stdout, /tracks could not be analysed:/);
      // Failures are named by artist and title, not by track id.
      assert.match(run.stdout, /^ {2}[^/\n]+ - [^/\n]+: file not found/m);
    } finally {
      fs.renameSync(aside, file);
    }
  });
});
