// `backbeat cleanup --policy` (and the --keep-* flags) through the real binary: a dry
// run that names the rule keeping each backup, the same plan from either form, the
// deletion itself under the library lock, and bad policies as usage errors.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createDemoLibrary } from '../../engine/demo/demo';
import { lockPathFor, withLibraryLock } from '../../engine/library/lock';
import { POLICY_FLAGS } from '../../engine/retention/parse-policy';
import { writeDatedBackup } from '../../engine/test/fixtures/dated-backups';
import { FLAG_KINDS } from '../args';
import { KEEP_RULE_FLAGS } from '../policy-flags';
import { jsonOf, runCli } from './spawn-cli';

interface PolicyJson {
  dryRun: boolean;
  policy: string;
  policyText: string;
  removed: { id: string }[];
  kept: { id: string }[];
  decisions: { id: string; keep: boolean; reasons: { rule: string; text: string }[] }[];
  failures: unknown[];
}

describe('backbeat cleanup --policy', () => {
  let root: string;
  let library: string;
  let backups: string;
  let env: NodeJS.ProcessEnv;
  let ids: string[];
  let pinned: string;
  let named: string;

  function files(): string[] {
    return fs.readdirSync(backups).sort();
  }

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'backbeat-cli-policy-'));
    library = await createDemoLibrary(path.join(root, 'lib'), { tracks: 10, seed: 6 });
    backups = path.join(path.dirname(library), 'backbeat-backups');
    // Noon, N days back, so every backup sits in its own local day.
    const noon = new Date();
    noon.setHours(12, 0, 0, 0);
    const daysAgo = (n: number): Date =>
      new Date(noon.getFullYear(), noon.getMonth(), noon.getDate() - n, 12);
    ids = [1, 2, 3, 4, 5, 6].map((n) => writeDatedBackup(backups, daysAgo(n)));
    pinned = writeDatedBackup(backups, daysAgo(9), { pinned: true });
    named = writeDatedBackup(backups, daysAgo(10), { name: 'before rescan' });
    env = { BACKBEAT_LIBRARY: library, BACKBEAT_DATA_DIR: path.join(root, 'data'), HOME: root };
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('dry run: lists what would go, and for each kept backup the rules that keep it', async () => {
    const before = files();
    const run = await runCli(['cleanup', '--policy', 'daily=4', '--dry-run'], env);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
    const lines = run.stdout.split('\n');
    assert.match(
      lines[0]!,
      /^Policy: Keeps the newest backup of each of the last 4 days that have backups\./,
    );
    assert.match(lines[1]!, /^Would remove 2 backups \(/);
    assert.ok(lines[2]!.includes(ids[4]!) && lines[3]!.includes(ids[5]!), run.stdout);
    assert.equal(lines[4], 'Keeping 6:');
    const keptLine = (id: string): string => lines.find((l) => l.includes(id) && l.includes('(')) ?? '';
    assert.match(
      keptLine(ids[0]!),
      /\(safety: newest 3; safety: most analysed tracks; daily: newest of \d{4}-\d\d-\d\d\)$/,
    );
    assert.match(keptLine(ids[3]!), /\(daily: newest of \d{4}-\d\d-\d\d\)$/);
    assert.match(keptLine(pinned), /\(pinned\)$/);
    assert.match(keptLine(named), /"before rescan" {2}\(named "before rescan"\)$/);
    assert.match(run.stdout, /\nNothing was removed \(dry run\)\.\n$/);
    assert.deepEqual(files(), before, 'a dry run removes nothing');
  });

  it('gives the same plan from --keep-* flags, as JSON with every decision and its reasons', async () => {
    const [fromPolicy, fromFlags] = await Promise.all([
      runCli(['cleanup', '--policy', 'keep-daily=4', '--dry-run', '--json'], env),
      runCli(['cleanup', '--keep-daily', '4', '--dry-run', '--json'], env),
    ]);
    const a = jsonOf<PolicyJson>(fromPolicy);
    const b = jsonOf<PolicyJson>(fromFlags);
    assert.deepEqual(a, b);
    assert.equal(a.dryRun, true);
    assert.equal(a.policy, 'daily=4');
    assert.deepEqual(
      a.removed.map((e) => e.id),
      [ids[4], ids[5]],
    );
    assert.equal(a.kept.length, 6);
    const rules = new Map(a.decisions.map((d) => [d.id, d.reasons.map((r) => r.rule)]));
    assert.deepEqual(rules.get(ids[1]!), ['safety-newest', 'daily']);
    assert.deepEqual(rules.get(pinned), ['pinned']);
    assert.deepEqual(rules.get(ids[5]!), []);
    assert.deepEqual(a.failures, []);
  });

  it('refuses bad or conflicting policies as usage errors, touching nothing', async () => {
    const before = files();
    const runs = await Promise.all([
      runCli(['cleanup', '--policy', 'bogus=1'], env),
      runCli(['cleanup', '--policy', 'daily=two'], env),
      runCli(['cleanup', '--policy', 'daily=2', '--keep', '3'], env),
      runCli(['cleanup', '--policy', 'daily=2', '--keep-weekly', '3'], env),
      runCli(['cleanup', '--keep-within', '0d'], env),
      runCli(['list', '--policy', 'daily=2'], env),
    ]);
    for (const r of runs) {
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stdout, '');
    }
    assert.match(runs[0]!.stderr, /Unknown retention rule "bogus"/);
    assert.match(runs[2]!.stderr, /either --keep N or a retention policy/);
    assert.match(runs[3]!.stderr, /either as --policy "\.\.\." or as --keep-\* flags/);
    assert.match(runs[5]!.stderr, /list does not take --policy/);
    assert.deepEqual(files(), before);
  });

  it('deletes under the library lock: refused while another job holds it, done once it is free', async () => {
    let release = (): void => undefined;
    const held = withLibraryLock(
      library,
      'a test holding the library',
      () => new Promise<void>((r) => (release = r)),
    );
    const busy = await runCli(['cleanup', '--policy', 'daily=4', '--json'], env);
    release();
    await held;
    assert.equal(busy.code, 1);
    assert.equal((JSON.parse(busy.stdout) as { error: { code: string } }).error.code, 'busy');
    assert.match(busy.stderr, /Another Backbeat job \(a test holding the library/);
    assert.equal(files().length, 16, 'nothing removed while locked');

    const done = jsonOf<PolicyJson>(await runCli(['cleanup', '--policy', 'daily=4', '--json'], env));
    assert.equal(done.dryRun, false);
    assert.deepEqual(
      done.removed.map((e) => e.id),
      [ids[4], ids[5]],
    );
    for (const id of [ids[4]!, ids[5]!]) assert.ok(!files().some((f) => f.startsWith(id)), `${id} is gone`);
    assert.equal(files().length, 12);
    assert.equal(fs.existsSync(lockPathFor(library)), false, 'the lock was released');
  });

  it("accepts exactly the engine's policy flags", () => {
    assert.deepEqual([...KEEP_RULE_FLAGS].sort(), [...POLICY_FLAGS].sort());
    for (const flag of [...KEEP_RULE_FLAGS, 'policy'])
      assert.equal(FLAG_KINDS[flag as keyof typeof FLAG_KINDS], 'value');
  });
});
