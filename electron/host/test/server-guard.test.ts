// Who gets in: the token (header, query or cookie), a loopback Host header, our own
// Origin, and a socket bound to 127.0.0.1 only.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import net from 'node:net';
import os from 'node:os';
import { after, before, describe, it } from 'node:test';
import { HTML_PAGE_STYLE } from '../http-io';
import { startBrowserHost } from '../server';
import { cookieValues, parseTarget, tokensEqual } from '../request-guard';
import { createFakeBridge } from './fake-bridge';
import { startTestHost } from './host-fixture';
import type { HostFixture } from './host-fixture';
import { rawRequest } from './http-client';

const CALL = '/api/call/getAppInfo';

describe('browser host: request guard', () => {
  const bridge = createFakeBridge();
  let fx: HostFixture;
  let port: number;
  let token: string;
  before(async () => {
    fx = await startTestHost(bridge);
    ({ port, token } = fx.host);
  });
  after(async () => {
    await fx.dispose();
  });

  it('prints the documented address with a 64-hex-digit token', () => {
    assert.match(token, /^[0-9a-f]{64}$/);
    assert.equal(fx.host.url, `http://127.0.0.1:${port}/?token=${token}`);
  });

  it('accepts the token as header, query or cookie', async () => {
    const viaHeader = await rawRequest({
      port,
      path: CALL,
      method: 'POST',
      headers: { 'X-Backbeat-Token': token },
    });
    const viaQuery = await rawRequest({ port, path: `${CALL}?token=${token}`, method: 'POST' });
    const viaCookie = await rawRequest({
      port,
      path: CALL,
      method: 'POST',
      headers: { Cookie: `other=1; backbeat_token_${port}=${token}` },
    });
    assert.deepEqual([viaHeader.status, viaQuery.status, viaCookie.status], [200, 200, 200]);
  });

  it('refuses a missing token with 403 on the API and on pages', async () => {
    const api = await rawRequest({ port, path: CALL, method: 'POST' });
    assert.equal(api.status, 403);
    assert.equal(JSON.parse(api.body).error.code, 'forbidden');
    assert.match(JSON.parse(api.body).error.message, /token/);
    const page = await rawRequest({ port, path: '/' });
    assert.equal(page.status, 403);
    assert.match(page.headers['content-type'] ?? '', /text\/html/);
    assert.doesNotMatch(page.body, /Backbeat test page/);
    const events = await rawRequest({ port, path: '/api/events' });
    assert.equal(events.status, 403);
  });

  it('refuses a wrong token, however it is sent', async () => {
    bridge.calls.length = 0;
    const wrong = token.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'));
    const attempts: Array<{ path: string; headers: Record<string, string> }> = [
      { path: CALL, headers: { 'X-Backbeat-Token': wrong } },
      { path: `${CALL}?token=${wrong}`, headers: {} },
      { path: CALL, headers: { Cookie: `backbeat_token_${port}=${wrong}` } },
      { path: CALL, headers: { 'X-Backbeat-Token': token.slice(0, 63) } },
      // The right token under another port's cookie name does not count.
      { path: CALL, headers: { Cookie: `backbeat_token_${port + 1}=${token}` } },
    ];
    for (const a of attempts) {
      const res = await rawRequest({ port, method: 'POST', ...a });
      assert.equal(res.status, 403, JSON.stringify(a));
    }
    assert.deepEqual(bridge.calls, [], 'no refused call reached the service');
  });

  it('refuses a foreign Host header even with the right token (DNS rebinding)', async () => {
    for (const host of [`evil.example:${port}`, 'evil.example', `127.0.0.1:${port + 1}`, `127.0.0.1`]) {
      const res = await rawRequest({
        port,
        path: CALL,
        method: 'POST',
        headers: { Host: host, 'X-Backbeat-Token': token },
      });
      assert.equal(res.status, 403, host);
    }
    const ok = await rawRequest({
      port,
      path: CALL,
      method: 'POST',
      headers: { Host: `localhost:${port}`, 'X-Backbeat-Token': token },
    });
    assert.equal(ok.status, 200);
  });

  it('refuses a foreign Origin even with the right token', async () => {
    for (const origin of [
      'http://evil.example',
      'null',
      `http://127.0.0.1:${port + 1}`,
      `https://127.0.0.1:${port}`,
    ]) {
      const res = await rawRequest({
        port,
        path: CALL,
        method: 'POST',
        headers: { Origin: origin, 'X-Backbeat-Token': token },
      });
      assert.equal(res.status, 403, origin);
    }
    const own = await rawRequest({
      port,
      path: CALL,
      method: 'POST',
      headers: { Origin: `http://127.0.0.1:${port}`, 'X-Backbeat-Token': token },
    });
    assert.equal(own.status, 200);
  });

  it('carries the strict CSP and nosniff on every response, refused ones too', async () => {
    const strict = (styleSrc: string): string =>
      `default-src 'self'; script-src 'self'; style-src ${styleSrc}; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
    for (const res of [
      await rawRequest({ port, path: '/' }),
      await rawRequest({ port, path: CALL, method: 'POST', headers: { 'X-Backbeat-Token': token } }),
    ]) {
      // The refused page's own inline style is allowed by its hash, and nothing else.
      const styleSrc = res.headers['content-type']?.startsWith('text/html')
        ? `'sha256-${crypto.createHash('sha256').update(HTML_PAGE_STYLE).digest('base64')}'`
        : "'self'";
      assert.equal(res.headers['content-security-policy'], strict(styleSrc));
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.equal(res.headers['cache-control'], 'no-store');
    }
  });

  it('answers a page without the token with a styled page, light or dark as the system asks', async () => {
    const res = await rawRequest({ port, path: '/' });
    assert.equal(res.status, 403);
    assert.match(res.body, /<h1>Backbeat needs its token<\/h1>/);
    assert.match(res.body, /<meta name="color-scheme" content="light dark">/);
    assert.ok(res.body.includes(`<style>${HTML_PAGE_STYLE}</style>`), 'the inline style is the hashed one');
    assert.match(HTML_PAGE_STYLE, /prefers-color-scheme: dark/);
    assert.match(res.body, /printed last/);
  });

  it('is bound to 127.0.0.1 only', async () => {
    const others = Object.values(os.networkInterfaces())
      .flat()
      .filter((i): i is os.NetworkInterfaceInfo => !!i && !i.internal)
      .map((i) => i.address);
    for (const address of [...others, '::1']) {
      const connected = await canConnect(address, port);
      assert.equal(connected, false, `reachable on ${address}`);
    }
    assert.equal(await canConnect('127.0.0.1', port), true);
  });

  it('refuses to listen anywhere but loopback', async () => {
    await assert.rejects(
      startBrowserHost({ service: bridge, rendererDir: fx.rendererDir, host: '0.0.0.0' }),
      /only listens on this computer/,
    );
  });
});

describe('request guard helpers', () => {
  it('compares tokens exactly, whatever their lengths', () => {
    assert.equal(tokensEqual('abc', 'abc'), true);
    assert.equal(tokensEqual('abc', 'abd'), false);
    assert.equal(tokensEqual('', 'abc'), false);
    assert.equal(tokensEqual('abcd', 'abc'), false);
  });

  it('reads repeated cookies and refuses absolute-form targets', () => {
    assert.deepEqual(cookieValues('a=1; b=2; a=3', 'a'), ['1', '3']);
    assert.deepEqual(cookieValues(undefined, 'a'), []);
    assert.equal(parseTarget('http://evil.example/'), null);
    assert.equal(parseTarget('/x?token=1')?.query.get('token'), '1');
  });
});

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    // Only catches a hang: a refused address answers at once, and a busy machine may take
    // seconds to deliver the loopback connect that must succeed.
    socket.setTimeout(60_000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}
