// The force rescan's question on a terminal (in-process, with a fake terminal), and the
// summary's failure list: the first 20 with reasons, then the count of the rest.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RescanSummaryView } from '../../../shared/rescan-types';
import { writeDemoAudio } from '../../engine/audio/demo-audio';
import { listBackups } from '../../engine/backup/backup-store';
import { createDemoLibrary } from '../../engine/demo/demo';
import { main } from '../main';
import { renderRescanSummary } from '../rescan-format';
import { fakeIo } from './fake-io';

describe('rescan --force on a terminal', () => {
  let root: string;
  let library: string;
  let args: string[];

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'backbeat-cli-prompt-'));
    library = await createDemoLibrary(path.join(root, 'lib'), { tracks: 4 });
    await writeDemoAudio(library, { seconds: 3 });
    args = ['rescan', '--force', '--library', library, '--data-dir', path.join(root, 'data')];
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('asks, and anything but exactly YES changes nothing (exit 1)', async () => {
    for (const answer of ['yes', 'YES ', '', null]) {
      const io = fakeIo({ tty: true, answers: [answer] });
      assert.equal(await main(args, io), 1);
      assert.deepEqual(io.questions, ['Type YES to continue: ']);
      assert.match(io.err, /re-analyses 4 tracks\. \d+ of them have an analysis that would be overwritten/);
      assert.match(io.err, /Not confirmed; nothing was changed\./);
    }
    assert.deepEqual(await listBackups(path.join(root, 'lib', 'backbeat-backups')), []);
  });

  it('goes ahead on YES', async () => {
    const io = fakeIo({ tty: true, answers: ['YES'] });
    assert.equal(await main(args, io), 0, io.err);
    assert.match(io.out, /analysed 4 of 4/);
    const made = await listBackups(path.join(root, 'lib', 'backbeat-backups'));
    assert.equal(made.length, 1);
    assert.equal(made[0]!.trigger, 'auto_before_force');
  });
});

describe('the rescan summary', () => {
  it('lists the first 20 failures with reasons and counts the rest', () => {
    const failed = Array.from({ length: 25 }, (_, i) => ({
      trackId: `t${i}`,
      artist: i === 1 ? 'Nina Simone' : null,
      title: i === 1 ? 'Sinnerman' : null,
      filePath: i === 0 ? null : `music/${i}.wav`,
      reason: `reason ${i}`,
    }));
    const summary: RescanSummaryView = {
      mode: 'safe',
      variant: 'A',
      selected: 30,
      analysed: 5,
      failed,
      failedCount: 40,
      skipped: 0,
      cancelled: false,
      backupId: null,
      workers: 2,
      seconds: 3,
      tracksPerSecond: 1.7,
      busyRetries: 0,
    };
    const text = renderRescanSummary(summary);
    assert.match(text, /40 tracks could not be analysed/);
    assert.match(text, /^ {2}t0: reason 0$/m);
    assert.match(text, /^ {2}music\/19\.wav: reason 19$/m);
    // People know tracks by artist and title, not by id; the path follows for finding the file.
    assert.match(text, /^ {2}Nina Simone - Sinnerman: reason 1 \(music\/1\.wav\)$/m);
    assert.doesNotMatch(text, /music\/20\.wav/);
    assert.match(text, /and 20 more/);
  });
});
