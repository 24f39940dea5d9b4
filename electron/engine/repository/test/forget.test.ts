// Repository retention against a real restic: the preview is what `restic forget
// --dry-run --json` says for the same policy, applying forgets exactly those (and
// prunes), and snapshots that are not this library's Backbeat snapshots are never
// touched. Also the policy's translation to restic's options.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { forgetPolicyArgs, resticDuration, snapshotRetentionOperation } from '../forget';
import { initRepository, listSnapshotsOperation, snapshotOperation } from '../operations';
import { libraryKey } from '../repo-config';
import { checkPasswordFile } from '../repo-password';
import { runRestic, type RepoAccess } from '../restic-runner';
import { audioBytes, makeWorld, quiet, resticOrSkip } from './repo-fixtures';

test('a policy becomes restic keep options (weeks as days, tiers are database-only)', () => {
  assert.deepEqual(
    forgetPolicyArgs({ keepLast: 3, daily: 7, weekly: 0, within: '2w3d', tiers: { frequent: 2 } }),
    ['--keep-last', '3', '--keep-daily', '7', '--keep-within', '17d'],
  );
  assert.equal(resticDuration('1y6m'), '1y6m');
  assert.equal(resticDuration('36h'), '36h');
  assert.deepEqual(forgetPolicyArgs({}), []);
});

const idsSchema = z.array(z.object({ remove: z.array(z.object({ id: z.string() })).nullable() }));

test('retention preview equals restic forget --dry-run, and apply forgets exactly those', async (t) => {
  const restic = await resticOrSkip(t);
  if (!restic) return;
  const w = makeWorld('repo-forget', 3, 16 * 1024);
  try {
    await initRepository({ ...w.scope, repo: w.repo });
    const a: RepoAccess = { restic, repo: w.repo, password: checkPasswordFile(w.passwordFile) };
    for (let i = 0; i < 4; i++) {
      fs.writeFileSync(path.join(w.music, `new ${i}.mp3`), audioBytes(8 * 1024));
      await snapshotOperation(w.scope, { trigger: 'scheduled', ctx: quiet() });
    }
    // Someone else's snapshot in the same repository, and one of another library.
    await runRestic(a, ['backup', '--tag', 'handmade', w.music], {});
    await runRestic(a, ['backup', '--tag', 'backbeat,library=someone-else', w.music], {});
    const before = await listSnapshotsOperation(w.scope);
    assert.equal(before.length, 4);

    const policy = { keepLast: 2 };
    const preview = await snapshotRetentionOperation(w.scope, policy, { apply: false });
    const raw = await runRestic(
      a,
      [
        'forget',
        '--dry-run',
        '--group-by',
        '',
        '--tag',
        `backbeat,library=${libraryKey(w.libraryPath)}`,
        '--keep-last',
        '2',
      ],
      { collect: true },
    );
    const resticRemove = idsSchema
      .parse(raw.messages[0])
      .flatMap((g) => g.remove ?? [])
      .map((s) => s.id)
      .sort();
    assert.deepEqual([...preview.remove].sort(), resticRemove, 'the preview is restic own answer');
    assert.deepEqual(
      [...preview.remove].sort(),
      before
        .slice(0, 2)
        .map((s) => s.id)
        .sort(),
      'the two oldest go',
    );
    assert.equal(preview.applied, false);
    assert.equal((await listSnapshotsOperation(w.scope)).length, 4, 'a preview forgets nothing');
    const kept = preview.decisions.filter((d) => d.keep);
    assert.ok(
      kept.every((d) => d.reasons.some((r) => /last snapshot/.test(r))),
      JSON.stringify(kept),
    );

    const applied = await snapshotRetentionOperation(w.scope, policy, { apply: true });
    assert.deepEqual([...applied.forgotten].sort(), resticRemove);
    const after = await listSnapshotsOperation(w.scope);
    assert.deepEqual(
      after.map((s) => s.id),
      before.slice(2).map((s) => s.id),
    );
    const all = await runRestic(a, ['snapshots'], { collect: true });
    const tags = z
      .array(z.object({ tags: z.array(z.string()).nullish() }))
      .parse(all.messages[0])
      .map((s) => (s.tags ?? []).join(','));
    assert.ok(tags.includes('handmade'), 'a snapshot Backbeat did not make stays');
    assert.ok(tags.includes('backbeat,library=someone-else'), "another library's snapshot stays");

    // An empty policy keeps everything (restic is not asked to forget).
    const none = await snapshotRetentionOperation(w.scope, {}, { apply: true });
    assert.deepEqual(none.forgotten, []);
    assert.equal((await listSnapshotsOperation(w.scope)).length, 2);
  } finally {
    w.cleanup();
  }
});
