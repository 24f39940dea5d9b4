// `npm install` builds the native DSP kernels through scripts/build-dsp.js. Without a
// compiler (node-gyp fails) the install must still succeed and say what that means, unless
// BACKBEAT_DSP=native (CI) asks for the kernels, when it must fail. A fake node-gyp first on
// PATH stands in for the real one, so the addon these tests run beside is never rebuilt.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const script = path.join(root, 'scripts', 'build-dsp.js');

function withFakeNodeGyp(status, fn) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backbeat-fake-gyp-'));
  try {
    const log = path.join(dir, 'args');
    fs.writeFileSync(path.join(dir, 'node-gyp'), `#!/bin/sh\necho "$@" > '${log}'\nexit ${status}\n`, {
      mode: 0o755,
    });
    fn(
      (env) =>
        spawnSync(process.execPath, [script], {
          encoding: 'utf8',
          env: { ...process.env, PATH: `${dir}${path.delimiter}${process.env.PATH}`, ...env },
        }),
      log,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test(
  'a successful build runs node-gyp rebuild on the dsp folder',
  { skip: process.platform === 'win32' },
  () => {
    withFakeNodeGyp(0, (run, log) => {
      const res = run({ BACKBEAT_DSP: 'native' });
      assert.equal(res.status, 0, res.stderr);
      assert.equal(
        fs.readFileSync(log, 'utf8').trim(),
        `rebuild --directory=${path.join(root, 'electron', 'engine', 'dsp')}`,
      );
    });
  },
);

test(
  'a failed build warns and lets the install finish, unless BACKBEAT_DSP=native',
  { skip: process.platform === 'win32' },
  () => {
    withFakeNodeGyp(1, (run) => {
      const res = run({ BACKBEAT_DSP: '' });
      assert.equal(res.status, 0);
      assert.match(res.stderr, /native DSP kernels were not built \(node-gyp exited with 1\)/);
      assert.match(res.stderr, /TypeScript kernels: the same values, about half as fast/);
      assert.match(res.stderr, /Install a C compiler/);
      const strict = run({ BACKBEAT_DSP: 'native' });
      assert.equal(strict.status, 1);
      assert.match(strict.stderr, /native DSP kernels were not built/);
    });
  },
);
