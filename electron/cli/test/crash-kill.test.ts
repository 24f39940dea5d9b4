// Killed jobs leave nothing behind (issue 19): each job kind is killed (SIGKILL) at many
// named moments (BACKBEAT_TEST_CRASH_AT, see engine/crash-points.ts: the process kills
// itself there, so the moment does not depend on the machine's speed). After the next
// job, the backup folder, the library's folder and the temp folder must hold only what
// a clean run leaves, the library must be entirely as before or as after, and its
// header settings (journal mode, page size, encoding, user version...) unchanged.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BIN, runCollecting, type CliRun } from './spawn-cli';
import { damageAnalysis, missingAnalysis } from '../../engine/test/fixtures/library-edits';

function cli(args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  return runCollecting(process.execPath, [BIN, ...args], {
    env: { ...process.env, BACKBEAT_BACKUP_DIR: '', BACKBEAT_TEST_CRASH_AT: '', ...env },
  });
}

/** The header fields that are settings (not counters): page size, versions, journal mode, encoding... */
function headerSettings(file: string): string {
  const h = fs.readFileSync(file).subarray(0, 100);
  return [h.subarray(16, 24), h.subarray(44, 72)].map((b) => b.toString('hex')).join(' ');
}

const SQLITE_OWN = /^library\.db-(wal|shm)$/;
const SAVED_COPY = /^library\.db\.before-restore-\d{8}T\d{9}Z$/;
const BACKUP_FILE = /^(\d{8}-\d{6}-\d{3}-[0-9a-f]{6})\.(db\.gz|json)$/;

interface Kind {
  name: string;
  args: string[];
  points: string[];
  /** Points at which the library has already been replaced (a saved copy is then expected). */
  replacedAt?: string[];
}

const KINDS: Kind[] = [
  {
    name: 'backup',
    args: ['backup'],
    points: ['backup-snapshot-step', 'backup-compress-member', 'backup-meta-staged', 'backup-data-renamed'],
  },
  {
    name: 'restore --apply',
    args: ['restore', 'base', '--apply'],
    points: [
      'backup-compress-member',
      'backup-data-renamed',
      'restore-safety-done',
      'restore-unpacked',
      'additive-before-commit',
    ],
  },
  {
    name: 'restore --replace --apply',
    args: ['restore', 'base', '--replace', '--apply'],
    points: [
      'restore-unpacked',
      'replace-before-stage',
      'replace-staged',
      'replace-wal-marker',
      'replace-switched-from-wal',
      'replace-saved-copy',
      'replace-swapped',
      'replace-saved-named',
    ],
    replacedAt: ['replace-swapped', 'replace-saved-named'],
  },
];

describe('a killed job leaves nothing the next job does not clean up', () => {
  let root: string;
  let template: string;

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'backbeat-crash-kill-'));
    template = path.join(root, 'template');
    const env = { TMPDIR: path.join(root, 'tmp-template') };
    fs.mkdirSync(env.TMPDIR);
    const demo = await cli(['demo', template, '--tracks', '150'], env);
    assert.equal(demo.code, 0, demo.stderr);
    const base = await cli(['backup', '--name', 'base', '--library', path.join(template, 'library.db')], env);
    assert.equal(base.code, 0, base.stderr);
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  for (const kind of KINDS) {
    it(`${kind.name}, killed at ${kind.points.length} moments`, async () => {
      for (const point of kind.points) {
        const dir = path.join(root, `${kind.name.replace(/\W+/g, '-')}-${point}`);
        fs.cpSync(template, dir, { recursive: true });
        const tmp = path.join(dir, 'tmp');
        fs.mkdirSync(tmp);
        const library = path.join(dir, 'library.db');
        const backups = path.join(dir, 'backbeat-backups');
        const originalMissing = missingAnalysis(library);
        const tamperedMissing = originalMissing + damageAnalysis(library);
        const header = headerSettings(library);
        assert.match(header, /^[0-9a-f]{4}0202/, 'the demo library is in WAL mode');
        const env = { TMPDIR: tmp, BACKBEAT_LIBRARY: library };
        const at = `${kind.name} killed at ${point}`;

        const killed = await cli(kind.args, { ...env, BACKBEAT_TEST_CRASH_AT: point });
        assert.equal(killed.signal, 'SIGKILL', `${at}: the crash point was not reached\n${killed.stderr}`);

        const next = await cli(['backup'], env);
        assert.equal(next.code, 0, `${at}: the next job failed: ${next.stderr}`);

        const names = fs.readdirSync(dir).filter((n) => n !== 'tmp' && n !== 'backbeat-backups');
        const debris = names.filter((n) => n !== 'library.db' && !SQLITE_OWN.test(n) && !SAVED_COPY.test(n));
        assert.deepEqual(debris, [], `${at}: left beside the library`);
        const replaced = kind.replacedAt?.includes(point) ?? false;
        assert.equal(names.filter((n) => SAVED_COPY.test(n)).length, replaced ? 1 : 0, `${at}: saved copies`);
        assert.deepEqual(fs.readdirSync(tmp), [], `${at}: left in the temp folder`);

        const files = fs.readdirSync(backups);
        assert.deepEqual(
          files.filter((n) => !BACKUP_FILE.test(n)),
          [],
          `${at}: left in the backup folder`,
        );
        const ids = new Set(files.map((n) => BACKUP_FILE.exec(n)![1]!));
        for (const id of ids) {
          assert.ok(
            files.includes(`${id}.db.gz`) && files.includes(`${id}.json`),
            `${at}: ${id} is half a backup`,
          );
        }
        const list = JSON.parse((await cli(['list', '--json'], env)).stdout) as {
          id: string;
          status: string;
        }[];
        assert.deepEqual(
          list.map((e) => e.status),
          list.map(() => 'ok'),
          `${at}: every listed backup is whole`,
        );
        assert.equal(list.length, ids.size, `${at}: every backup is listed`);

        assert.equal(headerSettings(library), header, `${at}: the library's header settings changed`);
        const missing = missingAnalysis(library);
        assert.ok(
          missing === tamperedMissing || missing === originalMissing,
          `${at}: the library is neither as before nor as after (${missing} tracks without analysis)`,
        );
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it('SIGTERM ends a job whose work is stuck (a thread blocked for good, as on a dead drive)', async () => {
    const dir = path.join(root, 'sigterm');
    fs.cpSync(template, dir, { recursive: true });
    const child = spawn(process.execPath, [BIN, 'backup'], {
      env: {
        ...process.env,
        BACKBEAT_LIBRARY: path.join(dir, 'library.db'),
        BACKBEAT_BACKUP_DIR: '',
        BACKBEAT_TEST_HANG_AT: 'backup-snapshot-step',
        TMPDIR: path.join(root, 'tmp-template'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    const ended = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (stderr.includes('hanging at backup-snapshot-step')) resolve();
      });
    });
    child.kill('SIGTERM');
    // A generous ceiling, only to catch a hang: the process gives up after a few seconds.
    const ceiling = setTimeout(() => child.kill('SIGKILL'), 300_000);
    const code = await ended;
    clearTimeout(ceiling);
    assert.equal(code, 1, stderr);
    assert.match(stderr, /Cancelled\. The job did not stop within \d+ s/);
  });
});
