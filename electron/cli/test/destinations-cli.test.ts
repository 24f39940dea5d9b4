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
  DestinationEntry,
  RecoverResult,
} from '../../../shared/destination-types';
import { tracksOf } from '../../engine/destinations/test/dest-fixtures';
import { makeWorld, resticOrSkip, type RepoWorld } from '../../engine/repository/test/repo-fixtures';
import { main } from '../main';
import { fakeIo } from './fake-io';

function runner(w: RepoWorld, resticPath: string) {
  const env = {
    BACKBEAT_LIBRARY: w.libraryPath,
    BACKBEAT_RESTIC: resticPath,
    BACKBEAT_REPO_PASSWORD_FILE: w.passwordFile,
    PATH: process.env.PATH ?? '',
  };
  return async (argv: string[], extraEnv: NodeJS.ProcessEnv = {}) => {
    const io = fakeIo({ env: { ...env, ...extraEnv } });
    const code = await main([...argv, '--data-dir', w.dataDir], io);
    return { code, out: io.out, err: io.err };
  };
}

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
      [['dest'], /dest needs a subcommand: add, list or remove/],
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
    assert.deepEqual(Object.keys(list[0]!).sort(), ['health', 'kind', 'lastCopy', 'location', 'name']);
    assert.equal(list[0]!.lastCopy, null);
    assert.equal(list[0]!.health.text, 'Never copied off this machine.');

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
    assert.match(humanList.out, /^usb {2}.*\(folder; last copy \d{4}-.*\)\n {4}Copied .*\n$/);

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
    const removed = await run(['dest', 'remove', 'usb', '--json']);
    assert.equal(removed.code, 0, removed.err);
    assert.equal((JSON.parse(removed.out) as DestinationEntry).name, 'usb');
    assert.deepEqual(JSON.parse((await run(['dest', 'list', '--json'])).out), []);
  } finally {
    w.cleanup();
  }
});
