import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tempPathBeside, writeFileAtomic, writeFileAtomicSync } from '../atomic-file';

function freshDir(t: test.TestContext): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backbeat-atomic-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('temp names are hidden, beside the target, and never repeat', () => {
  const target = path.join('/x', 'settings.json');
  const a = tempPathBeside(target);
  const b = tempPathBeside(target);
  assert.notEqual(a, b);
  assert.equal(path.dirname(a), '/x');
  assert.match(path.basename(a), /^\.settings\.json\.\d+\.[0-9a-f]+\.tmp$/);
});

for (const [name, write] of [
  ['async', (f: string, d: string, mode?: number) => writeFileAtomic(f, tempPathBeside(f), d, { mode })],
  [
    'sync',
    async (f: string, d: string, mode?: number) => writeFileAtomicSync(f, tempPathBeside(f), d, { mode }),
  ],
] as const) {
  test(`${name}: replaces the file whole, leaves no temp file, honours the mode`, async (t) => {
    const dir = freshDir(t);
    const file = path.join(dir, 'settings.json');
    fs.writeFileSync(file, 'old');
    await write(file, 'new', 0o600);
    assert.equal(fs.readFileSync(file, 'utf8'), 'new');
    assert.deepEqual(fs.readdirSync(dir), ['settings.json']);
    if (process.platform !== 'win32') assert.equal(fs.statSync(file).mode & 0o777, 0o600);
  });

  test(`${name}: a failed write keeps the old file and removes its temp file`, async (t) => {
    const dir = freshDir(t);
    const file = path.join(dir, 'taken');
    fs.mkdirSync(file); // renaming a file over a folder fails
    fs.writeFileSync(path.join(file, 'inside'), 'kept');
    await assert.rejects(async () => write(file, 'new'));
    assert.deepEqual(fs.readdirSync(dir), ['taken']);
    assert.equal(fs.readFileSync(path.join(file, 'inside'), 'utf8'), 'kept');
  });
}
