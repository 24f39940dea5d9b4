import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { makeTrustedPageCheck } from '../trusted-sender';

describe('trusted page check', () => {
  const index = path.resolve('/opt/Backbeat/dist/renderer/index.html');
  const isOwn = makeTrustedPageCheck(index);
  const own = pathToFileURL(index).href;

  it('accepts our built index.html, with or without a hash route', () => {
    assert.equal(isOwn(own), true);
    assert.equal(isOwn(`${own}#/backups/1`), true);
  });

  it('refuses everything else', () => {
    for (const url of [
      'https://evil.example/index.html',
      'http://127.0.0.1:5173/',
      pathToFileURL(path.resolve('/opt/Backbeat/dist/renderer/other.html')).href,
      pathToFileURL(path.resolve('/tmp/index.html')).href,
      'file://evil-host/opt/Backbeat/dist/renderer/index.html',
      'data:text/html,hi',
      'about:blank',
      'not a url',
      '',
    ]) {
      assert.equal(isOwn(url), false, url);
    }
  });
});
