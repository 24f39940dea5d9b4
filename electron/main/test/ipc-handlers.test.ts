// The IPC transport over a fake ipcMain and a fake bridge: one handler per method,
// only our page may call, arguments parsed first, answers enveloped, events forwarded.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ContractError, IPC_EVENT_CHANNEL, IPC_INVOKE_PREFIX, METHOD_NAMES } from '../../../shared/contract';
import type { BackbeatEvent } from '../../../shared/contract';
import { INTERNAL_ERROR_MESSAGE } from '../../host/error-envelope';
import { createFakeBridge } from '../../host/test/fake-bridge';
import { SAMPLE_ARGS } from '../../host/test/sample-args';
import { forwardServiceEvents, registerContractHandlers } from '../ipc-handlers';
import { createFakeIpcMain } from './fake-ipc';

const PAGE = 'file:///opt/Backbeat/resources/app.asar/dist/renderer/index.html';
const trusted = (url: string): boolean => url === PAGE || url.startsWith(`${PAGE}#`);

describe('IPC contract handlers', () => {
  it('registers exactly one handler per contract method and removes them again', () => {
    const ipc = createFakeIpcMain();
    const unregister = registerContractHandlers(ipc, createFakeBridge(), trusted);
    assert.deepEqual([...ipc.handlers.keys()].sort(), METHOD_NAMES.map((m) => IPC_INVOKE_PREFIX + m).sort());
    unregister();
    assert.equal(ipc.handlers.size, 0);
  });

  it('calls the service with parsed arguments and envelopes the result', async () => {
    const ipc = createFakeIpcMain();
    const bridge = createFakeBridge();
    registerContractHandlers(ipc, bridge, trusted);
    for (const method of METHOD_NAMES) {
      bridge.calls.length = 0;
      const args = SAMPLE_ARGS[method];
      const answer = await ipc.invoke(IPC_INVOKE_PREFIX + method, `${PAGE}#/backups`, args);
      assert.deepEqual(answer, { ok: true, result: { echo: method, args } }, method);
      assert.deepEqual(bridge.calls, [{ method, args }]);
    }
  });

  it('refuses untrusted or vanished senders without calling the service', async () => {
    const ipc = createFakeIpcMain();
    const bridge = createFakeBridge();
    registerContractHandlers(ipc, bridge, trusted);
    for (const url of ['https://evil.example/', 'file:///tmp/other.html', '', null]) {
      const answer = (await ipc.invoke(`${IPC_INVOKE_PREFIX}getSettings`, url, {})) as {
        ok: boolean;
        error: unknown;
      };
      assert.equal(answer.ok, false);
      assert.equal((answer.error as { code: string }).code, 'forbidden', String(url));
    }
    assert.deepEqual(bridge.calls, []);
  });

  it('refuses bad arguments with a readable bad-arguments envelope', async () => {
    const ipc = createFakeIpcMain();
    const bridge = createFakeBridge();
    registerContractHandlers(ipc, bridge, trusted);
    const cases: Array<[string, unknown[]]> = [
      ['startBackup', [{ name: 'a/b' }]],
      ['setPinned', [{ id: 'x', pinned: 'yes' }]],
      ['getOverview', [{ extra: 1 }]],
      ['listJobs', ['not an object']],
      ['listJobs', [{}, { second: 'argument' }]],
    ];
    for (const [method, args] of cases) {
      const answer = (await ipc.invoke(IPC_INVOKE_PREFIX + method, PAGE, ...args)) as {
        ok: boolean;
        error: { code: string; message: string };
      };
      assert.equal(answer.ok, false, method);
      assert.equal(answer.error.code, 'bad-arguments');
      assert.match(answer.error.message, new RegExp(`^Invalid arguments for ${method}`));
    }
    assert.deepEqual(bridge.calls, []);
  });

  it('envelopes ContractErrors with their code and hides unexpected errors', async (t) => {
    const ipc = createFakeIpcMain();
    const bridge = createFakeBridge({
      startBackup: async () => {
        throw new ContractError('busy', 'A restore is still running.');
      },
      getSettings: async () => {
        throw new TypeError('cannot read x of undefined');
      },
    });
    registerContractHandlers(ipc, bridge, trusted);
    assert.deepEqual(await ipc.invoke(`${IPC_INVOKE_PREFIX}startBackup`, PAGE, {}), {
      ok: false,
      error: { code: 'busy', message: 'A restore is still running.' },
    });
    const logged: string[] = [];
    t.mock.method(process.stderr, 'write', (chunk: string) => {
      logged.push(String(chunk));
      return true;
    });
    const answer = await ipc.invoke(`${IPC_INVOKE_PREFIX}getSettings`, PAGE);
    t.mock.restoreAll();
    assert.deepEqual(answer, { ok: false, error: { code: 'internal', message: INTERNAL_ERROR_MESSAGE } });
    assert.ok(logged.some((l) => l.includes('cannot read x of undefined')));
  });
});

describe('IPC event forwarding', () => {
  it('sends each service event, alone, on the event channel until unsubscribed', () => {
    const bridge = createFakeBridge();
    const sent: unknown[][] = [];
    let destroyed = false;
    const stop = forwardServiceEvents(bridge, {
      send: (...args: unknown[]) => sent.push(args),
      isDestroyed: () => destroyed,
    });
    const event: BackbeatEvent = { type: 'backups-changed' };
    bridge.emit(event);
    assert.deepEqual(sent, [[IPC_EVENT_CHANNEL, event]]);
    destroyed = true;
    bridge.emit({ type: 'library-changed' });
    assert.equal(sent.length, 1, 'a destroyed window gets nothing');
    stop();
    assert.equal(bridge.listenerCount(), 0);
  });
});
