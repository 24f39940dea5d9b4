// One spelling ("analysed") and one size style ("KB", "MB") in the CLI's human output,
// as in the app.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createDemoLibrary } from '../../engine/demo/demo';
import { main } from '../main';
import { HELP } from '../usage';
import { fakeIo } from './fake-io';

describe('CLI wording', () => {
  let dir: string;
  let library: string;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backbeat-cli-wording-'));
    library = await createDemoLibrary(dir, { tracks: 50 });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function run(argv: string[]): Promise<string> {
    const io = fakeIo({ env: {} });
    const code = await main(argv, io);
    assert.equal(code, 0, io.err);
    return io.out;
  }

  it('says "Analysed" and KB/MB in stats, backup and info', async () => {
    const outputs = [
      await run(['stats', '--library', library, '--data-dir', path.join(dir, 'data')]),
      await run(['backup', '--library', library, '--name', 'w']),
      await run(['info', 'w', '--library', library]),
    ];
    assert.match(outputs[0]!, /^Analysed/m);
    assert.match(outputs[2]!, /^Analysed/m);
    for (const out of outputs) {
      assert.doesNotMatch(out, /analyz/i);
      assert.doesNotMatch(out, /\bkB\b|KiB|MiB/);
    }
    assert.match(outputs.join(''), /\d (KB|MB)\b/);
  });

  it('spells "analyse" the British way in the help too', () => {
    assert.doesNotMatch(HELP.replace(/sonic_analyzed_at|"analyzed"|\banalyzed\b(?=[,}:\]])/g, ''), /analyz/i);
  });
});
