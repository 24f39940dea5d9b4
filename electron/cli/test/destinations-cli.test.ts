// dest, copy and recover through main(), against a real restic and a folder
// destination (another disk): --json documents, human text, exit codes, bad input (a
// sentence, never a stack), no secret in any output, and recover of a lost library.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type {
  CopyResult,
  DestinationAddResult,
  DestinationCheckResult,
  DestinationEntry,
  DestinationPruneResult,
  RecoverResult,
} from '../../../shared/destination-types';
import { tracksOf } from '../../engine/destinations/test/dest-fixtures';
import { audioBytes, makeWorld, resticOrSkip } from '../../engine/repository/test/repo-fixtures';
import { runner } from './repo-runner';

const errorOf = (out: string): string => (JSON.parse(out) as { error: { message: string } }).error.message;

test('dest add/list/remove, copy and recover from the command line', async (t) => {
  const restic = await resticOrSkip(t);
  if (!restic) return;
  const w = makeWorld('cli-dest', 4);
  const run = runner(w, restic.path);
  const secret = fs.readFileSync(w.passwordFile, 'utf8').trim();
  try {
    const usb = path.join(w.dir, 'usb');
    fs.mkdirSync(usb);
    const copyDir = path.join(usb, 'copy');

    // Usage errors: exit 2 with the short usage.
    for (const [argv, message] of [
      [['dest'], /dest needs a subcommand: add, list, remove, prune or schedule/],
      [['dest', 'rename', 'a'], /Unknown dest subcommand "rename"/],
      [['dest', 'add', 'usb'], /Usage: backbeat dest add <name> <location>/],
      [['dest', 'list', 'extra'], /Usage: backbeat dest list/],
      [['copy', 'extra'], /Unexpected argument "extra" for copy/],
      [['recover', '--from', 'usb'], /recover needs --from NAME .* and --to DIR/],
      [['copy', '--option', 'x.y=z'], /copy does not take --option/],
    ] as [string[], RegExp][]) {
      const r = await run(argv);
      assert.equal(r.code, 2, `${argv.join(' ')}: ${r.err}`);
      assert.match(r.err, message);
    }

    const empty = await run(['dest', 'list', '--json']);
    assert.equal(empty.code, 0, empty.err);
    assert.deepEqual(JSON.parse(empty.out), []);
    // No repository yet: nothing to copy, a sentence.
    const noRepo = await run(['dest', 'add', 'usb', copyDir, '--json']);
    assert.equal(noRepo.code, 1);
    assert.match(errorOf(noRepo.out), /no repository yet/);

    assert.equal((await run(['repo', 'init', '--repo', w.repo])).code, 0);
    assert.equal((await run(['snapshot'])).code, 0);

    // Credentials in the location are refused, and not echoed.
    const inUrl = await run(['dest', 'add', 'web', 'rest:https://me:hunter2@example.invalid/x', '--json']);
    assert.equal(inUrl.code, 1);
    assert.match(errorOf(inUrl.out), /must not hold a user name or password/);
    assert.doesNotMatch(inUrl.out + inUrl.err, /hunter2/);

    const added = await run(['dest', 'add', 'usb', copyDir, '--json']);
    assert.equal(added.code, 0, added.err);
    const addDoc = JSON.parse(added.out) as DestinationAddResult;
    assert.equal(addDoc.created, true);
    assert.equal(addDoc.destination.location, copyDir);
    assert.ok(fs.existsSync(path.join(copyDir, 'config')));
    const again = await run(['dest', 'add', 'usb', path.join(usb, 'other')]);
    assert.equal(again.code, 1);
    assert.match(again.err, /^backbeat: There is already a destination called "usb"\.\n$/);

    const listed = await run(['dest', 'list', '--json']);
    assert.equal(listed.code, 0, listed.err);
    const list = JSON.parse(listed.out) as DestinationEntry[];
    assert.equal(list.length, 1);
    assert.deepEqual(Object.keys(list[0]!).sort(), [
      'copyEveryHours',
      'health',
      'kind',
      'lastCheck',
      'lastCopy',
      'location',
      'name',
      'size',
    ]);
    assert.equal(list[0]!.size, null);
    assert.equal(list[0]!.lastCheck, null);
    assert.equal(list[0]!.lastCopy, null);
    assert.equal(list[0]!.health.text, 'Never copied off this machine.');
    assert.equal(list[0]!.copyEveryHours, null);

    // Its own copy schedule: set, said, listed, switched off; bad input is a sentence.
    const every = await run(['dest', 'schedule', 'usb', '--every', '6h', '--json']);
    assert.equal(every.code, 0, every.err);
    assert.equal((JSON.parse(every.out) as DestinationEntry).copyEveryHours, 6);
    const everyDay = await run(['dest', 'schedule', 'usb', '--every', '1d']);
    assert.match(everyDay.out, /^Destination "usb" is copied every day \(counted from its last copy\)/);
    assert.match((await run(['dest', 'list'])).out, /\(folder; never copied; copied every day\)/);
    const noEvery = await run(['dest', 'schedule', 'usb']);
    assert.equal(noEvery.code, 2);
    assert.match(noEvery.err, /dest schedule needs --every/);
    const badEvery = await run(['dest', 'schedule', 'usb', '--every', '90m', '--json']);
    assert.equal(badEvery.code, 1);
    assert.match(errorOf(badEvery.out), /"90m" is not a copy interval/);
    const nobody = await run(['dest', 'schedule', 'nope', '--every', '1d']);
    assert.equal(nobody.code, 1);
    assert.match(nobody.err, /has no destination "nope"/);
    const off = await run(['dest', 'schedule', 'usb', '--every', 'off', '--json']);
    assert.equal(off.code, 0, off.err);
    assert.equal((JSON.parse(off.out) as DestinationEntry).copyEveryHours, null);

    const unknown = await run(['copy', '--to', 'nope', '--json']);
    assert.equal(unknown.code, 1);
    assert.match(errorOf(unknown.out), /has no destination "nope"; it has "usb"/);

    const copied = await run(['copy', '--json']);
    assert.equal(copied.code, 0, copied.err);
    const copyDoc = JSON.parse(copied.out) as CopyResult;
    assert.equal(copyDoc.destinations[0]!.status, 'copied');
    assert.equal(copyDoc.destinations[0]!.snapshotsCopied, 1);
    const human = await run(['copy', '--to', 'usb']);
    assert.equal(human.code, 0, human.err);
    assert.equal(human.out, 'usb: up to date (it holds every snapshot).\n');
    const humanList = await run(['dest', 'list']);
    assert.match(humanList.out, /^usb {2}.*\(folder; last copy \d{4}-.*; [\d.]+ [KMG]?B\)\n {4}Copied .*\n$/);
    const listNow = async () => JSON.parse((await run(['dest', 'list', '--json'])).out) as DestinationEntry[];

    // The size: measured by the copy that changed it, kept with its record.
    const sizeOne = (await listNow())[0]!.size;
    assert.ok(sizeOne !== null && sizeOne > 0, `the copy measured the size (${sizeOne})`);
    fs.writeFileSync(path.join(w.music, 'Artist 0', 'extra.mp3'), audioBytes(256 * 1024));
    assert.equal((await run(['snapshot'])).code, 0);
    assert.equal((await run(['copy'])).code, 0);
    const sizeTwo = (await listNow())[0]!.size!;
    assert.ok(
      sizeTwo > sizeOne + 200 * 1024,
      `the second copy's new audio counted (${sizeOne} -> ${sizeTwo})`,
    );

    // Retention on the destination: a policy is required, tiers are refused, a preview
    // changes nothing, --apply removes and the next copy does not bring it back.
    const noPolicy = await run(['dest', 'prune', 'usb']);
    assert.equal(noPolicy.code, 2);
    assert.match(noPolicy.err, /dest prune needs a policy/);
    const tiers = await run(['dest', 'prune', 'usb', '--policy', 'frequent=3', '--json']);
    assert.equal(tiers.code, 1);
    assert.match(errorOf(tiers.out), /progress tiers .* keep-last, hourly/);
    for (let i = 0; i < 2; i++) {
      const preview = await run(['dest', 'prune', 'usb', '--policy', 'keep-last=1', '--json']);
      assert.equal(preview.code, 0, preview.err);
      const doc = JSON.parse(preview.out) as DestinationPruneResult;
      assert.equal(doc.applied, false);
      assert.equal(doc.policy, 'keep-last=1');
      assert.equal(doc.remove.length, 1, 'a preview removed nothing: the same plan twice');
      assert.deepEqual(doc.keep[0]!.reasons, ['last snapshot']);
    }
    const humanPreview = await run(['dest', 'prune', 'usb', '--keep-last', '1']);
    assert.match(humanPreview.out, /would remove 1 snapshot, keep 1\.[^]*Add --apply to remove them\.\n$/);
    const applied = await run(['dest', 'prune', 'usb', '--policy', 'keep-last=1', '--apply', '--json']);
    assert.equal(applied.code, 0, applied.err);
    const appliedDoc = JSON.parse(applied.out) as DestinationPruneResult;
    assert.equal(appliedDoc.applied, true);
    assert.equal(appliedDoc.remove.length, 1);
    assert.ok(appliedDoc.size !== null && appliedDoc.size <= sizeTwo);
    assert.equal((await listNow())[0]!.size, appliedDoc.size, "the prune's size is kept");
    const after = JSON.parse((await run(['dest', 'prune', 'usb', '--policy', 'keep-last=1', '--json'])).out);
    assert.equal((after as DestinationPruneResult).remove.length, 0);
    const noBack = JSON.parse((await run(['copy', '--json'])).out) as CopyResult;
    assert.equal(noBack.destinations[0]!.status, 'up-to-date', 'a pruned snapshot is not copied again');

    // Check of the destination, with a sampled share read back; kept for dest list.
    const checked = await run(['check', '--dest', 'usb', '--read-data', '50', '--json']);
    assert.equal(checked.code, 0, checked.err);
    const checkDoc = JSON.parse(checked.out) as DestinationCheckResult;
    assert.equal(checkDoc.outcome, 'ok');
    assert.equal(checkDoc.readDataPercent, 50);
    assert.match(
      checkDoc.message,
      /^Checked its structure and 50% of its data of destination "usb" .*: no errors\.$/,
    );
    const afterCheck = (await listNow())[0]!;
    assert.equal(afterCheck.lastCheck?.outcome, 'ok');
    assert.match(afterCheck.health.text, /Checked just now, 50% of its data read back: no errors\.$/);
    const noDest = await run(['check', '--dest', 'nope', '--json']);
    assert.equal(noDest.code, 1);
    assert.match(errorOf(noDest.out), /has no destination "nope"/);

    // The disk unplugged: exit 1, the sentence, nothing else lost.
    fs.renameSync(usb, `${usb}-away`);
    const away = await run(['copy']);
    assert.equal(away.code, 1);
    assert.match(
      away.out,
      /^usb: failed\. Destination "usb" cannot be reached: .* \(is the disk connected\?\)/,
    );
    fs.renameSync(`${usb}-away`, usb);

    for (const r of [added, listed, copied, humanList, away]) {
      assert.doesNotMatch(r.out + r.err, new RegExp(secret), 'no password in any output');
    }

    // Disaster: library and repository gone; recover with no library at all.
    const tracks = tracksOf(w.libraryPath);
    for (const p of [w.libraryPath, `${w.libraryPath}-wal`, `${w.libraryPath}-shm`])
      fs.rmSync(p, { force: true });
    fs.rmSync(w.repo, { recursive: true });
    const target = path.join(w.dir, 'recovered');
    const rec = await run(['recover', '--from', 'usb', '--to', target, '--json'], { BACKBEAT_LIBRARY: '' });
    assert.equal(rec.code, 0, rec.err);
    const recDoc = JSON.parse(rec.out) as RecoverResult;
    assert.equal(recDoc.databasePath, path.join(target, path.basename(w.libraryPath)));
    assert.deepEqual(tracksOf(recDoc.databasePath), tracks);
    assert.equal(recDoc.folders[0]!.restoredTo, path.join(target, w.music));
    const busy = await run(['recover', '--from', 'usb', '--to', target], { BACKBEAT_LIBRARY: '' });
    assert.equal(busy.code, 1);
    assert.match(busy.err, /is not empty; recover writes into an empty or new folder/);
    assert.doesNotMatch(busy.err, /\n\s+at /, 'no stack');

    // The recovered library put back where it was: its destinations are still known.
    fs.copyFileSync(recDoc.databasePath, w.libraryPath);

    // A damaged pack there: the check says so (exit 1) and health warns.
    const packs = fs
      .readdirSync(path.join(copyDir, 'data'), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile());
    const pack = path.join(packs[0]!.parentPath, packs[0]!.name);
    fs.chmodSync(pack, 0o600);
    const fd = fs.openSync(pack, 'r+');
    fs.writeSync(fd, Buffer.alloc(64, 0x5a), 0, 64, 0);
    fs.closeSync(fd);
    const damaged = await run(['check', '--dest', 'usb', '--read-data', '100']);
    assert.equal(damaged.code, 1, damaged.out + damaged.err);
    assert.match(damaged.out, /^Checking its structure and 100% of its data of destination "usb" .* found/);
    const warned = (await listNow())[0]!;
    assert.equal(warned.lastCheck?.outcome, 'errors');
    assert.equal(warned.health.level, 'warning');
    assert.match(warned.health.text, /Its check just now found errors: /);
    const removed = await run(['dest', 'remove', 'usb', '--json']);
    assert.equal(removed.code, 0, removed.err);
    assert.equal((JSON.parse(removed.out) as DestinationEntry).name, 'usb');
    assert.deepEqual(JSON.parse((await run(['dest', 'list', '--json'])).out), []);
  } finally {
    w.cleanup();
  }
});

test('an installed OS timer fires for owed copies once the first destination is added and it is installed again', async (t) => {
  const restic = await resticOrSkip(t);
  if (!restic) return;
  const w = makeWorld('cli-dest-timer', 2);
  const run = runner(w, restic.path);
  // A throwaway HOME, and systemctl never called.
  const home = path.join(w.dir, 'home');
  fs.mkdirSync(home);
  const timerEnv = { BACKBEAT_OS_TIMER_DRY: '1', HOME: home };
  const timer = (): string =>
    fs.readFileSync(path.join(home, '.config', 'systemd', 'user', 'backbeat-backup.timer'), 'utf8');
  try {
    assert.equal((await run(['repo', 'init', '--repo', w.repo])).code, 0);
    assert.equal((await run(['schedule', 'set', 'daily', '03:00'])).code, 0);
    assert.equal((await run(['schedule', 'install'], timerEnv)).code, 0);
    assert.deepEqual(timer().match(/^OnCalendar=.*$/gm), ['OnCalendar=*-*-* 03:00:00']);

    const added = await run(['dest', 'add', 'usb', path.join(w.dir, 'usb')], timerEnv);
    assert.equal(added.code, 0, added.err);
    assert.match(
      added.err,
      /The library has its first destination: run `backbeat schedule install` again so the OS timer also fires every 15 minutes/,
    );
    assert.equal((await run(['schedule', 'install'], timerEnv)).code, 0);
    assert.deepEqual(timer().match(/^OnCalendar=.*$/gm), [
      'OnCalendar=*-*-* 03:00:00',
      'OnCalendar=*-*-* *:00/15:00',
    ]);

    const removed = await run(['dest', 'remove', 'usb'], timerEnv);
    assert.equal(removed.code, 0, removed.err);
    assert.match(
      removed.err,
      /The library has no destination any more: run `backbeat schedule install` again/,
    );
  } finally {
    w.cleanup();
  }
});
