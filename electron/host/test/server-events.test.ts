// The event stream: every service event reaches every open page; close() ends the
// streams promptly and stops listening to the service.
import assert from 'node:assert/strict';
import http from 'node:http';
import { describe, it } from 'node:test';
import type { BackbeatEvent } from '../../../shared/contract';
import { createFakeBridge } from './fake-bridge';
import { startTestHost } from './host-fixture';

interface OpenStream {
  res: http.IncomingMessage;
  next(): Promise<string>;
  ended: Promise<void>;
}

/** Opens /api/events and hands out its `data:` lines one by one. */
function openStream(port: number, token: string): Promise<OpenStream> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      { host: '127.0.0.1', port, path: `/api/events?token=${token}`, agent: false },
      (res) => {
        const queue: string[] = [];
        const waiters: Array<(line: string) => void> = [];
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let idx: number;
          while ((idx = buffer.indexOf('\n\n')) !== -1) {
            const frame = buffer.slice(0, idx);
            buffer = buffer.slice(idx + 2);
            if (!frame.startsWith('data: ')) continue;
            const waiter = waiters.shift();
            if (waiter) waiter(frame.slice(6));
            else queue.push(frame.slice(6));
          }
        });
        const ended = new Promise<void>((done) => res.on('close', () => done()));
        resolve({
          res,
          ended,
          next: () => {
            const queued = queue.shift();
            return queued !== undefined ? Promise.resolve(queued) : new Promise((r) => waiters.push(r));
          },
        });
      },
    );
    req.on('error', reject);
  });
}

describe('browser host: events', () => {
  it('pushes every service event to every connected page, then closes promptly', async () => {
    const bridge = createFakeBridge();
    const fx = await startTestHost(bridge);
    try {
      const a = await openStream(fx.host.port, fx.host.token);
      const b = await openStream(fx.host.port, fx.host.token);
      assert.equal(a.res.statusCode, 200);
      assert.match(a.res.headers['content-type'] ?? '', /^text\/event-stream/);
      const events: BackbeatEvent[] = [{ type: 'library-changed' }, { type: 'backups-changed' }];
      for (const e of events) bridge.emit(e);
      for (const stream of [a, b]) {
        assert.deepEqual(JSON.parse(await stream.next()), events[0]);
        assert.deepEqual(JSON.parse(await stream.next()), events[1]);
      }
      assert.equal(bridge.listenerCount(), 1, 'one subscription for all pages');
      // The pages never end their streams themselves, so a close() that waited for them
      // would never resolve; the ceiling only tells that hang apart, whatever the machine's pace.
      let ceiling: NodeJS.Timeout | undefined;
      const hung = new Promise<'hung'>((r) => (ceiling = setTimeout(() => r('hung'), 300_000)));
      const closed = fx.host
        .close()
        .then(() => Promise.all([a.ended, b.ended]))
        .then(() => 'closed' as const);
      const outcome = await Promise.race([closed, hung]);
      clearTimeout(ceiling);
      assert.equal(outcome, 'closed', 'close() does not wait for the streams');
      assert.equal(bridge.listenerCount(), 0, 'unsubscribed from the service');
    } finally {
      await fx.dispose();
    }
  });
});
