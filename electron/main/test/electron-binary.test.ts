import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { findElectronBinary } from '../electron-binary';

describe('findElectronBinary', () => {
  const pkg = fs.mkdtempSync(path.join(os.tmpdir(), 'backbeat-electron-pkg-'));
  after(() => fs.rmSync(pkg, { recursive: true, force: true }));

  it('is null without path.txt, with an empty one, or when the binary is missing', () => {
    assert.equal(findElectronBinary(pkg, {}), null);
    fs.writeFileSync(path.join(pkg, 'path.txt'), '');
    assert.equal(findElectronBinary(pkg, {}), null);
    fs.writeFileSync(path.join(pkg, 'path.txt'), 'electron');
    assert.equal(findElectronBinary(pkg, {}), null);
    assert.equal(findElectronBinary(null, {}), null);
  });

  it('finds dist/<path.txt>, or the same name under ELECTRON_OVERRIDE_DIST_PATH', () => {
    fs.writeFileSync(path.join(pkg, 'path.txt'), 'electron');
    fs.mkdirSync(path.join(pkg, 'dist'), { recursive: true });
    fs.writeFileSync(path.join(pkg, 'dist', 'electron'), '');
    assert.equal(findElectronBinary(pkg, {}), path.join(pkg, 'dist', 'electron'));
    const override = path.join(pkg, 'custom');
    fs.mkdirSync(override);
    assert.equal(findElectronBinary(pkg, { ELECTRON_OVERRIDE_DIST_PATH: override }), null);
    fs.writeFileSync(path.join(override, 'electron'), '');
    assert.equal(
      findElectronBinary(pkg, { ELECTRON_OVERRIDE_DIST_PATH: override }),
      path.join(override, 'electron'),
    );
  });
});
