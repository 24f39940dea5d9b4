// restic check against a real restic: a clean repository, a stale lock from a killed
// restic (cleared with restic unlock, then checked), a damaged pack file (errors, named),
// wrong password and missing repository; the outcome recorded for health.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { rejectsWith } from '../../test/fixtures/backup-helpers';
import { checkOperation } from '../check';
import { lastCheckPath, readLastCheck } from '../last-check';
import { initRepository, snapshotOperation, type RepoScope } from '../operations';
import { checkPasswordFile } from '../repo-password';
import { audioBytes, makeWorld, quiet, resticOrSkip } from './repo-fixtures';
import { killResticWhen } from './restic-kill';

function packFiles(repo: string): string[] {
  const out: string[] = [];
  for (const sub of fs.readdirSync(path.join(repo, 'data'))) {
    for (const f of fs.readdirSync(path.join(repo, 'data', sub))) out.push(path.join(repo, 'data', sub, f));
  }
  return out;
}

test('check: clean, after a killed restic (stale lock cleared), damaged data found and recorded', async (t) => {
  const restic = await resticOrSkip(t);
  if (!restic) return;
  const w = makeWorld('repo-check', 3);
  try {
    await initRepository({ ...w.scope, repo: w.repo });
    await snapshotOperation(w.scope, { trigger: 'manual', ctx: quiet() });
    assert.equal(readLastCheck(w.dataDir, w.libraryPath), null, 'never checked yet');

    const clean = await checkOperation(w.scope, { readDataPercent: 100, ctx: quiet() });
    assert.equal(clean.outcome, 'ok');
    assert.equal(clean.readDataPercent, 100);
    assert.equal(clean.staleLockCleared, false);
    assert.match(clean.message, /structure and 100% of its data .*no errors/);
    assert.deepEqual(readLastCheck(w.dataDir, w.libraryPath), clean);

    // A backup killed mid-way leaves its lock, which blocks check's exclusive lock.
    fs.writeFileSync(path.join(w.music, 'long.wav'), audioBytes(48 * 1024 * 1024));
    await killResticWhen(restic, w, ['backup', '--json', w.music], '"message_type":"status"');
    assert.ok(fs.readdirSync(path.join(w.repo, 'locks')).length > 0, 'the killed restic left its lock');
    const afterKill = await checkOperation(w.scope, { ctx: quiet() });
    assert.equal(afterKill.outcome, 'ok', afterKill.message);
    assert.equal(afterKill.staleLockCleared, true);
    assert.equal(fs.readdirSync(path.join(w.repo, 'locks')).length, 0);

    // Damage one pack file: a structure check may pass, reading all the data does not.
    const packs = packFiles(w.repo);
    const victim = packs.sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0]!;
    fs.chmodSync(victim, 0o644);
    const fd = fs.openSync(victim, 'r+');
    fs.writeSync(fd, Buffer.from('this is not what restic wrote'), 0, 29, 100);
    fs.closeSync(fd);
    const damaged = await checkOperation(w.scope, { readDataPercent: 100, ctx: quiet() });
    assert.equal(damaged.outcome, 'errors');
    assert.deepEqual(damaged.brokenPacks, [path.basename(victim)]);
    assert.ok(
      damaged.errors.some((e) => e.includes(path.basename(victim))),
      damaged.errors.join('\n'),
    );
    assert.match(damaged.message, /found .*error.*damaged pack file/);
    const recorded = readLastCheck(w.dataDir, w.libraryPath);
    assert.equal(recorded?.outcome, 'errors');
    assert.ok(fs.existsSync(lastCheckPath(w.dataDir)));

    const wrongFile = path.join(w.dir, 'wrong');
    fs.writeFileSync(wrongFile, 'not the password\n', { mode: 0o600 });
    const wrong: RepoScope = { ...w.scope, password: () => Promise.resolve(checkPasswordFile(wrongFile)) };
    await rejectsWith(checkOperation(wrong, { ctx: quiet() }), 'bad-arguments', /Wrong password/);
    const gone = { ...w.scope, repo: path.join(w.dir, 'unplugged', 'repo') };
    await rejectsWith(checkOperation(gone, { ctx: quiet() }), 'not-found', /no restic repository at/);
    // A failed attempt is not an outcome: the record still holds the last real check.
    assert.equal(readLastCheck(w.dataDir, w.libraryPath)?.checkedAt, recorded?.checkedAt);
  } finally {
    w.cleanup();
  }
});
