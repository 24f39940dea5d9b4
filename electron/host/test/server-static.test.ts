// The static half of the browser host: the built renderer, the right content types,
// the token cookie, and nothing outside the renderer folder.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { resolveInside } from '../static-files';
import { createFakeBridge } from './fake-bridge';
import { INDEX_HTML, startTestHost } from './host-fixture';
import type { HostFixture } from './host-fixture';
import { rawRequest } from './http-client';

describe('browser host: static files', () => {
  let fx: HostFixture;
  let auth: Record<string, string>;
  before(async () => {
    fx = await startTestHost(createFakeBridge());
    auth = { 'X-Backbeat-Token': fx.host.token };
  });
  after(async () => {
    await fx.dispose();
  });

  it('serves index.html for / and sets the token cookie when loaded with ?token=', async () => {
    const res = await rawRequest({ port: fx.host.port, path: `/?token=${fx.host.token}` });
    assert.equal(res.status, 200);
    assert.equal(res.body, INDEX_HTML);
    assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
    const cookie = res.headers['set-cookie']?.[0] ?? '';
    assert.equal(
      cookie,
      `backbeat_token_${fx.host.port}=${fx.host.token}; HttpOnly; SameSite=Strict; Path=/`,
    );
    // The page's own asset requests then pass on the cookie alone.
    const asset = await rawRequest({
      port: fx.host.port,
      path: '/assets/app.js',
      headers: { Cookie: cookie.split(';')[0]! },
    });
    assert.equal(asset.status, 200);
    assert.equal(asset.headers['content-type'], 'text/javascript; charset=utf-8');
  });

  it('does not set the cookie when the token came another way', async () => {
    const res = await rawRequest({ port: fx.host.port, path: '/', headers: auth });
    assert.equal(res.status, 200);
    assert.equal(res.headers['set-cookie'], undefined);
  });

  it('uses the right content types and answers HEAD without a body', async () => {
    const css = await rawRequest({ port: fx.host.port, path: '/assets/app.css', headers: auth });
    assert.equal(css.headers['content-type'], 'text/css; charset=utf-8');
    const head = await rawRequest({
      port: fx.host.port,
      path: '/assets/app.js',
      method: 'HEAD',
      headers: auth,
    });
    assert.equal(head.status, 200);
    assert.equal(head.body, '');
    assert.equal(head.headers['content-length'], String('console.log("app");\n'.length));
  });

  it('answers client-side routes with the app and missing files with 404', async () => {
    const route = await rawRequest({ port: fx.host.port, path: '/backups/123', headers: auth });
    assert.equal(route.status, 200);
    assert.equal(route.body, INDEX_HTML);
    const missing = await rawRequest({ port: fx.host.port, path: '/assets/nope.js', headers: auth });
    assert.equal(missing.status, 404);
    const favicon = await rawRequest({ port: fx.host.port, path: '/favicon.ico', headers: auth });
    assert.equal(favicon.status, 204, 'no console error for the favicon the browser asks for');
  });

  it('refuses every traversal spelling', async () => {
    const attempts = [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E/secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e%2fsecret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/..%5csecret.txt',
      '/../package.json',
      '/%00index.html',
      '/%E0%A4%A',
    ];
    for (const p of attempts) {
      const res = await rawRequest({ port: fx.host.port, path: p, headers: auth });
      assert.ok([400, 403, 404].includes(res.status), `${p} -> ${res.status}`);
      assert.doesNotMatch(res.body, /TOP-SECRET/, p);
    }
    assert.equal(
      (await rawRequest({ port: fx.host.port, path: '/../secret.txt', headers: auth })).status,
      403,
    );
    assert.equal(
      (await rawRequest({ port: fx.host.port, path: '/%2e%2e/secret.txt', headers: auth })).status,
      403,
    );
  });

  it('refuses other methods on pages', async () => {
    const res = await rawRequest({ port: fx.host.port, path: '/', method: 'PUT', headers: auth, body: 'x' });
    assert.equal(res.status, 405);
  });
});

describe('browser host: missing build', () => {
  it('answers a clear 500 page saying to run npm run build', async () => {
    const fx = await startTestHost(createFakeBridge(), { withRenderer: false });
    try {
      const res = await rawRequest({ port: fx.host.port, path: `/?token=${fx.host.token}` });
      assert.equal(res.status, 500);
      assert.match(res.headers['content-type'] ?? '', /text\/html/);
      assert.match(res.body, /npm run build/);
    } finally {
      await fx.dispose();
    }
  });
});

describe('resolveInside', () => {
  it('keeps paths inside the root and refuses the rest', () => {
    assert.equal(resolveInside('/srv/app', '/a/b.js'), '/srv/app/a/b.js');
    assert.equal(resolveInside('/srv/app', '/a/../b.js'), '/srv/app/b.js');
    assert.equal(resolveInside('/srv/app', '/../app2/x'), null);
    assert.equal(resolveInside('/srv/app', '/%2e%2e/x'), null);
    assert.equal(resolveInside('/srv/app', '/%zz'), null);
    assert.equal(resolveInside('/srv/app', '/a%00b'), null);
  });
});
