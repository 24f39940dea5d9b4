// The API half of the browser host, over a fake bridge: every method reachable,
// arguments validated before the service sees them, errors shaped as the doc says.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ContractError, METHOD_NAMES } from '../../../shared/contract';
import { INTERNAL_ERROR_MESSAGE } from '../error-envelope';
import { createFakeBridge } from './fake-bridge';
import { startTestHost } from './host-fixture';
import type { HostFixture } from './host-fixture';
import { callApi, rawRequest } from './http-client';
import { SAMPLE_ARGS } from './sample-args';

describe('browser host: API calls', () => {
  const bridge = createFakeBridge({
    getBackup: async () => {
      throw new ContractError('not-found', 'There is no backup with that id.');
    },
    listJobs: async () => {
      throw new Error('database exploded at /secret/internal/path');
    },
  });
  let fx: HostFixture;
  before(async () => {
    fx = await startTestHost(bridge);
  });
  after(async () => {
    await fx.dispose();
  });

  it('reaches every contract method with its parsed arguments', async () => {
    for (const method of METHOD_NAMES) {
      if (method === 'getBackup' || method === 'listJobs') continue;
      bridge.calls.length = 0;
      const args = SAMPLE_ARGS[method];
      const { status, json } = await callApi(fx.host.port, fx.host.token, method, args);
      assert.equal(status, 200, `${method}: ${JSON.stringify(json)}`);
      assert.deepEqual(json, { ok: true, result: { echo: method, args } });
      assert.deepEqual(bridge.calls, [{ method, args }]);
    }
  });

  it('treats an empty body as no arguments', async () => {
    const { status, json } = await callApi(fx.host.port, fx.host.token, 'getAppInfo', undefined);
    assert.equal(status, 200);
    assert.deepEqual(json.result, { echo: 'getAppInfo', args: {} });
  });

  it('answers 400 with a readable message for bad arguments, without calling the service', async () => {
    bridge.calls.length = 0;
    const cases: Array<[string, unknown, RegExp]> = [
      ['startBackup', { name: '../evil' }, /name/],
      ['setLibrary', {}, /path/],
      ['getRestorePreviewPage', { previewId: 'p', offset: -1, limit: 10 }, /offset/],
      ['getSettings', { unexpected: true }, /unexpected|Unrecognized/i],
      ['startRestore', { id: 'x1', mode: 'wipe' }, /mode/],
      ['cleanup', [1, 2], /Invalid arguments for cleanup/],
    ];
    for (const [method, args, pattern] of cases) {
      const { status, json } = await callApi(fx.host.port, fx.host.token, method, args);
      assert.equal(status, 400, method);
      assert.equal(json.ok, false);
      assert.equal(json.error?.code, 'bad-arguments');
      assert.match(json.error?.message ?? '', pattern);
      assert.match(json.error?.message ?? '', new RegExp(`Invalid arguments for ${method}`));
    }
    assert.deepEqual(bridge.calls, []);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const res = await rawRequest({
      port: fx.host.port,
      path: '/api/call/getOverview',
      method: 'POST',
      headers: { 'X-Backbeat-Token': fx.host.token },
      body: '{not json',
    });
    assert.equal(res.status, 400);
    assert.deepEqual(JSON.parse(res.body), {
      ok: false,
      error: { code: 'bad-arguments', message: 'The request body is not valid JSON.' },
    });
  });

  it('answers 413 for a body over 1 MiB', async () => {
    const res = await rawRequest({
      port: fx.host.port,
      path: '/api/call/startBackup',
      method: 'POST',
      headers: { 'X-Backbeat-Token': fx.host.token },
      body: JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10) }),
    });
    assert.equal(res.status, 413);
    assert.equal(JSON.parse(res.body).error.code, 'bad-arguments');
  });

  it('answers 404 unknown-method for names outside the contract', async () => {
    for (const name of ['deleteEverything', '__proto__', 'constructor', 'toString']) {
      const { status, json } = await callApi(fx.host.port, fx.host.token, name, {});
      assert.equal(status, 404, name);
      assert.equal(json.error?.code, 'unknown-method');
    }
  });

  it('answers 405 for a call that is not a POST', async () => {
    const res = await rawRequest({
      port: fx.host.port,
      path: '/api/call/getOverview',
      headers: { 'X-Backbeat-Token': fx.host.token },
    });
    assert.equal(res.status, 405);
    assert.equal(res.headers.allow, 'POST');
  });

  it('serialises a ContractError as {code, message} with 422', async () => {
    const { status, json } = await callApi(fx.host.port, fx.host.token, 'getBackup', { id: 'b1' });
    assert.equal(status, 422);
    assert.deepEqual(json, {
      ok: false,
      error: { code: 'not-found', message: 'There is no backup with that id.' },
    });
  });

  it('turns an unexpected error into a generic 500 that leaks nothing', async (t) => {
    const logged: string[] = [];
    t.mock.method(process.stderr, 'write', (chunk: string) => {
      logged.push(String(chunk));
      return true;
    });
    const { status, json } = await callApi(fx.host.port, fx.host.token, 'listJobs', {});
    t.mock.restoreAll();
    assert.equal(status, 500);
    assert.deepEqual(json, { ok: false, error: { code: 'internal', message: INTERNAL_ERROR_MESSAGE } });
    assert.ok(
      logged.some((l) => l.includes('database exploded') && l.includes('server-api.test')),
      'stack logged',
    );
  });

  it('answers unknown API paths with JSON 404', async () => {
    const res = await rawRequest({
      port: fx.host.port,
      path: '/api/nothing',
      headers: { 'X-Backbeat-Token': fx.host.token },
    });
    assert.equal(res.status, 404);
    assert.equal(JSON.parse(res.body).ok, false);
  });
});
