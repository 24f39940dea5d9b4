// Which kernels run, and why: a missing or stale addon falls back to the JavaScript
// kernels with the reason, unless BACKBEAT_DSP=native demands the native ones (CI sets
// it, so a broken build fails the tests instead of passing them slowly).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DSP_ABI, DSP_ADDON_FILE, dspStatus, loadDsp, parseNativeDsp } from '../native-dsp';

test('a missing addon means the JavaScript kernels, with the reason; BACKBEAT_DSP=native refuses that', () => {
  const missing = path.join(os.tmpdir(), 'backbeat-no-such-addon.node');
  const fallback = loadDsp(missing, undefined);
  assert.equal(fallback.dsp, null);
  assert.equal(fallback.status.kernels, 'js');
  assert.match(fallback.status.reason ?? '', /missing \(npm install builds it/);
  assert.throws(() => loadDsp(missing, 'native'), /BACKBEAT_DSP=native, but .* is missing/);
  assert.deepEqual(loadDsp(DSP_ADDON_FILE, 'js').status, { kernels: 'js', reason: 'BACKBEAT_DSP=js' });
});

test('a file that is not a loadable addon is refused with the loader error', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backbeat-dsp-'));
  try {
    const junk = path.join(dir, 'junk.node');
    fs.writeFileSync(junk, 'not a shared object');
    const result = loadDsp(junk, undefined);
    assert.equal(result.dsp, null);
    assert.match(result.status.reason ?? '', /could not be loaded/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('an addon built for another kernel contract, or missing a function, is refused', () => {
  assert.throws(() => parseNativeDsp(null), /exports nothing/);
  assert.throws(
    () => parseNativeDsp({ abi: DSP_ABI + 1 }),
    new RegExp(`kernel contract ${DSP_ABI + 1}, this code needs ${DSP_ABI} \\(run npm install\\)`),
  );
  assert.throws(() => parseNativeDsp({ abi: DSP_ABI }), /has no complexPlan\(\)/);
});

test('this process runs the kernels BACKBEAT_DSP asks for', () => {
  const mode = process.env.BACKBEAT_DSP;
  if (mode === 'native' || mode === 'js') assert.equal(dspStatus().kernels, mode);
  else assert.ok(dspStatus().kernels === 'native' || dspStatus().reason, 'a fallback always says why');
});
