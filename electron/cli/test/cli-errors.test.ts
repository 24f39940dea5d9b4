// The CLI's side of the one error policy: an unexpected error (a bug) ends the command
// with exit 1 and the one sentence, its stack written once to stderr (the CLI's log);
// an expected error is its own sentence, with no stack.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { UNEXPECTED_ERROR_MESSAGE } from '../../engine/runtime/error-policy';
import { main } from '../main';
import { fakeIo } from './fake-io';

describe('backbeat: one error policy', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'backbeat-cli-errors-'));
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('an unexpected error exits 1 with the one sentence and its stack logged once', async () => {
    const io = fakeIo();
    io.stdout = () => {
      throw new TypeError('the output went away');
    };
    const code = await main(['list', '--backup-dir', root], io);
    assert.equal(code, 1);
    const stacks = io.err.split('unexpected error: TypeError: the output went away').length - 1;
    assert.equal(stacks, 1, io.err);
    assert.match(io.err, /the output went away\n\s+at /, 'the stack is on stderr');
    assert.ok(io.err.endsWith(`backbeat: ${UNEXPECTED_ERROR_MESSAGE}\n`), io.err);
  });

  it('an expected error is its own sentence, without a stack', async () => {
    const io = fakeIo();
    const missing = path.join(root, 'nowhere', 'library.db');
    const code = await main(['backup', '--library', missing], io);
    assert.equal(code, 1);
    assert.equal(io.err, `backbeat: No library database at ${missing}.\n`);
  });
});
