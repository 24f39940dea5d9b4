// Loads the compiled preload with a fake `electron` (as the sandbox would give it)
// and checks the bridge it exposes: the method list equals the contract's, calls
// go to the agreed channels, envelopes are unwrapped, events arrive bare.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_PREFIX, METHOD_NAMES } from '../../../shared/contract';
import type { BackbeatBridge, BackbeatEvent } from '../../../shared/contract';

const PRELOAD = path.join(__dirname, '..', '..', 'preload', 'preload.js');
const load = createRequire(__filename);

type Handler = (event: unknown, payload: unknown) => void;

interface FakeElectron {
  exposed: Map<string, unknown>;
  invocations: Array<{ channel: string; args: unknown[] }>;
  answer: (channel: string, args: unknown[]) => unknown;
  listeners: Map<string, Set<Handler>>;
  module: unknown;
}

function makeFakeElectron(): FakeElectron {
  const fake: FakeElectron = {
    exposed: new Map(),
    invocations: [],
    answer: () => ({ ok: true, result: null }),
    listeners: new Map(),
    module: null,
  };
  fake.module = {
    contextBridge: {
      exposeInMainWorld: (key: string, api: unknown) => fake.exposed.set(key, api),
    },
    ipcRenderer: {
      invoke: async (channel: string, ...args: unknown[]) => {
        fake.invocations.push({ channel, args });
        return fake.answer(channel, args);
      },
      on: (channel: string, handler: Handler) => {
        if (!fake.listeners.has(channel)) fake.listeners.set(channel, new Set());
        fake.listeners.get(channel)!.add(handler);
      },
      removeListener: (channel: string, handler: Handler) => {
        fake.listeners.get(channel)?.delete(handler);
      },
    },
  };
  return fake;
}

describe('preload bridge', () => {
  const fake = makeFakeElectron();
  const electronId = load.resolve('electron');
  let bridge: BackbeatBridge;

  before(() => {
    // Put the fake where `require('electron')` looks first; the real package's
    // index.js (which would try to download a binary) is never executed.
    load.cache[electronId] = {
      id: electronId,
      filename: electronId,
      loaded: true,
      exports: fake.module,
    } as never;
    delete load.cache[PRELOAD];
    load(PRELOAD);
    bridge = fake.exposed.get('backbeat') as BackbeatBridge;
  });
  after(() => {
    delete load.cache[electronId];
    delete load.cache[PRELOAD];
  });

  it('exposes exactly the contract methods plus onEvent as window.backbeat', () => {
    assert.deepEqual([...fake.exposed.keys()], ['backbeat']);
    assert.deepEqual(Object.keys(bridge).sort(), [...METHOD_NAMES, 'onEvent'].sort());
    for (const key of Object.keys(bridge)) assert.equal(typeof (bridge as never)[key], 'function', key);
  });

  it('invokes each method on IPC_INVOKE_PREFIX + name with the one argument object', async () => {
    fake.invocations.length = 0;
    fake.answer = (channel) => ({ ok: true, result: { from: channel } });
    for (const method of METHOD_NAMES) {
      const call = bridge[method] as (args: unknown) => Promise<unknown>;
      assert.deepEqual(await call({ probe: method }), { from: IPC_INVOKE_PREFIX + method });
    }
    assert.deepEqual(
      fake.invocations,
      METHOD_NAMES.map((m) => ({ channel: IPC_INVOKE_PREFIX + m, args: [{ probe: m }] })),
    );
  });

  it('sends {} when called without arguments', async () => {
    fake.invocations.length = 0;
    await bridge.getAppInfo({});
    await (bridge.getOverview as unknown as () => Promise<unknown>)();
    assert.deepEqual(
      fake.invocations.map((i) => i.args),
      [[{}], [{}]],
    );
  });

  it('turns an error envelope into a thrown Error carrying code and sentence', async () => {
    fake.answer = () => ({ ok: false, error: { code: 'no-library', message: 'Choose a library first.' } });
    await assert.rejects(bridge.getOverview({}), (err: unknown) => {
      assert.ok(err instanceof Error);
      assert.equal(err.message, 'Choose a library first.');
      assert.equal((err as Error & { code: string }).code, 'no-library');
      return true;
    });
    fake.answer = () => undefined;
    await assert.rejects(bridge.getOverview({}), { code: 'internal' });
  });

  it('hands listeners the event payload only, and unsubscribes', () => {
    const received: unknown[][] = [];
    const unsubscribe = bridge.onEvent((...args: unknown[]) => received.push(args));
    const handlers = fake.listeners.get(IPC_EVENT_CHANNEL);
    assert.equal(handlers?.size, 1);
    const event: BackbeatEvent = { type: 'library-changed' };
    for (const h of handlers!) h({ sender: 'the IPC event must not leak' }, event);
    assert.deepEqual(received, [[event]]);
    unsubscribe();
    assert.equal(fake.listeners.get(IPC_EVENT_CHANNEL)?.size, 0);
  });

  it('requires nothing but electron, so it loads in a sandboxed renderer', () => {
    const source = fs.readFileSync(PRELOAD, 'utf8');
    const required = [...source.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
    assert.deepEqual(required, ['electron']);
    assert.doesNotMatch(source, /\bimport\(/);
  });
});
