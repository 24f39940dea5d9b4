// Usage errors and library errors, in-process: exit codes, where messages go, and that
// nothing is written when the line is wrong.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../main';
import { HELP } from '../usage';
import { fakeIo } from './fake-io';

describe('backbeat usage', () => {
  let dir: string;
  let notSqlite: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backbeat-cli-usage-'));
    notSqlite = path.join(dir, 'notes.db');
    fs.writeFileSync(notSqlite, 'these are not the droids\n'.repeat(10));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function run(
    argv: string[],
    env: NodeJS.ProcessEnv = {},
  ): Promise<{ code: number; out: string; err: string }> {
    const io = fakeIo({ env });
    const code = await main(argv, io);
    return { code, out: io.out, err: io.err };
  }

  it('prints the full help on stdout for --help without a command', async () => {
    for (const argv of [['--help'], ['-h'], ['--bogus', '--help'], ['frobnicate', '--help']]) {
      const r = await run(argv);
      assert.equal(r.code, 0);
      assert.equal(r.out, HELP);
      assert.equal(r.err, '');
    }
    assert.match(HELP, /--replace/);
    assert.match(HELP, /Exit codes/);
  });

  it("prints only that command's help for <command> --help", async () => {
    const cases: [string[], string, RegExp[]][] = [
      [['restore', '--help'], 'restore <ref> [--apply] [--replace]', [/^ {2}cleanup/m, /^ {2}rescan/m]],
      [['--library', 'x.db', 'list', '-h'], 'list', [/^ {2}restore/m]],
      [['schedule', 'set', '--help'], 'schedule set <when>', [/^ {2}status/m, /^ {2}serve/m]],
      [['cleanup', '--keep', 'abc', '--help'], 'cleanup --policy', [/^ {2}demo/m]],
    ];
    for (const [argv, wanted, unwanted] of cases) {
      const r = await run(argv);
      assert.equal(r.code, 0, argv.join(' '));
      assert.equal(r.err, '');
      assert.ok(r.out.includes(wanted), `${argv.join(' ')}: ${r.out}`);
      assert.notEqual(r.out, HELP);
      assert.ok(r.out.length < HELP.length / 3, `${argv.join(' ')} printed too much`);
      for (const pattern of unwanted) assert.doesNotMatch(r.out, pattern, argv.join(' '));
      assert.doesNotMatch(r.out, /^Exit codes/m);
      assert.match(r.out, /`backbeat --help` prints every command/);
    }
    // Every command has help of its own.
    for (const command of [
      'demo',
      'stats',
      'backup',
      'list',
      'info',
      'verify',
      'restore',
      'cleanup',
      'rescan',
      'status',
      'schedule',
      'serve',
    ]) {
      const r = await run([command, '--help']);
      assert.notEqual(r.out, HELP, command);
      assert.match(r.out, new RegExp(`^ {2}${command}\\b`, 'm'), command);
    }
  });

  const usageCases: [string, string[], RegExp][] = [
    ['no command', [], /No command given/],
    ['an unknown command', ['frobnicate'], /Unknown command "frobnicate"/],
    ['an unknown flag', ['list', '--frobnicate'], /Unknown option --frobnicate/],
    ['a flag of another command', ['list', '--keep', '3'], /list does not take --keep/],
    ['a missing ref', ['info'], /info needs <ref>/],
    ['a missing demo dir', ['demo'], /demo needs <dir>/],
    ['an extra argument', ['stats', 'extra'], /Unexpected argument "extra"/],
    ['--keep abc', ['cleanup', '--keep', 'abc'], /--keep must be a whole number, not "abc"/],
    ['--keep 0', ['cleanup', '--keep', '0'], /--keep must be between 1/],
    ['cleanup without --keep', ['cleanup', '--backup-dir', '/nonexistent'], /cleanup needs --keep N/],
    ['--tracks 0', ['demo', '/nonexistent-demo', '--tracks', '0'], /--tracks must be between 1 and 300000/],
    ['--port 70000', ['serve', '--port', '70000'], /--port must be between 0 and 65535/],
    ['verify with neither ref nor --all', ['verify', '--backup-dir', '/x'], /either a backup <ref> or --all/],
    [
      'verify with both',
      ['verify', 'latest', '--all', '--backup-dir', '/x'],
      /either a backup <ref> or --all/,
    ],
    ['no library for stats', ['stats'], /No library given: pass --library/],
    ['no library or backup folder for list', ['list'], /No library or backup folder given/],
  ];
  for (const [label, argv, message] of usageCases) {
    it(`exits 2 on ${label}, with the message and short usage on stderr`, async () => {
      const r = await run([...argv, '--json']);
      assert.equal(r.code, 2, r.err);
      assert.equal(r.out, '', 'nothing on stdout');
      assert.match(r.err, message);
      assert.match(r.err, /Usage:\n {2}backbeat demo <dir>/);
    });
  }

  it('treats an empty BACKBEAT_LIBRARY as unset', async () => {
    const r = await run(['stats'], { BACKBEAT_LIBRARY: '' });
    assert.equal(r.code, 2);
  });

  for (const hostile of ['../x', 'a/b', 'a\\b', '..', ' padded', 'x'.repeat(65), 'tab\there']) {
    it(`refuses the backup name ${JSON.stringify(hostile)} with exit 2 and writes nothing`, async () => {
      const backupDir = path.join(dir, 'backups-hostile');
      const r = await run(['backup', '--name', hostile, '--library', notSqlite, '--backup-dir', backupDir]);
      assert.equal(r.code, 2, r.err);
      assert.match(r.err, /A backup name cannot|at most 64/);
      assert.equal(fs.existsSync(backupDir), false);
      assert.deepEqual(fs.readdirSync(dir).sort(), ['notes.db']);
    });
  }

  it('exits 1 with a clear message when the library file does not exist', async () => {
    const missing = path.join(dir, 'missing.db');
    for (const argv of [['stats'], ['backup'], ['list'], ['restore', 'latest']]) {
      const r = await run([...argv, '--library', missing]);
      assert.equal(r.code, 1, `${argv.join(' ')}: ${r.err}`);
      assert.equal(r.err, `backbeat: No library database at ${missing}.\n`);
      assert.equal(r.out, '');
    }
    assert.equal(fs.existsSync(missing), false, 'no empty database was created');
  });

  it('exits 1 when the library is not a SQLite file, with one JSON error document under --json', async () => {
    const r = await run(['stats', '--json'], { BACKBEAT_LIBRARY: notSqlite });
    assert.equal(r.code, 1);
    assert.match(r.err, /is not a SQLite database/);
    const doc = JSON.parse(r.out) as { ok: boolean; error: { code: string; message: string } };
    assert.deepEqual(doc, {
      ok: false,
      error: { code: 'not-sqlite', message: `${notSqlite} is not a SQLite database.` },
    });
  });
});
