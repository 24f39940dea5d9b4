// Demo audio: every track of a demo library gets a playable file at its file_path
// (moved under the library folder when the demo stored an absolute path), and a safe
// rescan of the demo finds each clip's synthesized tempo.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createDemoLibrary } from '../../demo/demo';
import { demoClipFor, writeDemoAudio } from '../demo-audio';
import { runRescan } from '../../rescan/rescan';
import { makeTempDir } from '../../test/fixtures/temp-dir';
import { bpmOf, readRows, recordingContext } from '../../test/fixtures/rescan-fixtures';

test('writeDemoAudio gives every demo track a file, and a rescan of the demo finds the tempos', async (t) => {
  const tmp = makeTempDir('audio-demo');
  t.after(tmp.cleanup);
  const libraryPath = await createDemoLibrary(tmp.dir, { tracks: 40, seed: 3 });
  const result = await writeDemoAudio(libraryPath, { seconds: 8 });
  assert.equal(result.tracks, 40);
  assert.ok(result.bytesWritten <= 6 * 8 * 22_050 * 2 + 6 * 100, `${result.bytesWritten} bytes`);
  const rows = readRows(libraryPath);
  for (const row of Object.values(rows)) {
    const fp = String(row.file_path);
    assert.ok(!path.isAbsolute(fp), `stored path ${fp} is relative to the library`);
    assert.ok(fs.existsSync(path.join(tmp.dir, fp)), fp);
  }
  const pending = Object.values(rows).filter((r) => r.sonic_features === null).length;
  const summary = await runRescan({
    libraryPath,
    backupDir: path.join(tmp.dir, 'backups'),
    stateDir: path.join(tmp.dir, 'state'),
    mode: 'safe',
    workers: 2,
    appVersion: 'test',
    ctx: recordingContext(),
  });
  assert.equal(summary.failedCount, 0, JSON.stringify(summary.failed));
  assert.equal(summary.analysed, pending);
  const after = readRows(libraryPath);
  for (const [id, row] of Object.entries(rows)) {
    if (row.sonic_features !== null) continue;
    assert.ok(Math.abs(bpmOf(after[id]!.sonic_features) - demoClipFor(id).bpm) < 1, id);
  }
});
