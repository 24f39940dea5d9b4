// Engine workers give way to the main thread: on Linux each worker thread lowers its own
// priority, and only its own (the main thread keeps the one it had).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { EngineWorker } from '../worker-client';
import { WORKER_NICENESS, lowerThreadPriority, setWorkerNiceness } from '../worker-priority';

const linux = process.platform === 'linux';

test(
  'a worker thread runs at lower priority and the main thread keeps its own',
  { skip: !linux },
  async () => {
    const mainBefore = os.getPriority(0);
    const modulePath = path.join(__dirname, '..', 'worker-priority.js');
    const script = `
    const { parentPort } = require('node:worker_threads');
    const os = require('node:os');
    const changed = require(${JSON.stringify(modulePath)}).lowerThreadPriority();
    parentPort.postMessage({ changed, priority: os.getPriority(0) });`;
    const worker = new Worker(script, { eval: true });
    const answer = await new Promise<{ changed: boolean; priority: number }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    assert.ok(answer.priority >= WORKER_NICENESS, `worker priority ${answer.priority}`);
    assert.equal(answer.changed, mainBefore < WORKER_NICENESS);
    assert.equal(os.getPriority(0), mainBefore, 'the main thread priority must not change');
  },
);

test('elsewhere it leaves the priority alone (it would lower the whole process)', () => {
  const before = os.getPriority(0);
  assert.equal(lowerThreadPriority('darwin'), false);
  assert.equal(lowerThreadPriority('win32'), false);
  assert.equal(os.getPriority(0), before);
});

test(
  'the CLI (no UI) starts workers at the normal priority; the app keeps them lower',
  { skip: !linux },
  async (t) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backbeat-priority-'));
    t.after(() => {
      setWorkerNiceness(WORKER_NICENESS);
      fs.rmSync(dir, { recursive: true, force: true });
    });
    const mod = path.join(dir, 'report-priority.js');
    fs.writeFileSync(mod, "exports.handlers = { priority: () => require('node:os').getPriority(0) };");
    const priorityOfNewWorker = async (): Promise<number> => {
      const worker = new EngineWorker<{ priority: () => number }>(mod);
      try {
        return await worker.call('priority', {});
      } finally {
        await worker.terminate();
      }
    };
    const main = os.getPriority(0);
    assert.ok((await priorityOfNewWorker()) >= WORKER_NICENESS, 'the app default');
    setWorkerNiceness(0);
    assert.equal(await priorityOfNewWorker(), main, 'as the CLI sets it: no lower than the main thread');
  },
);
