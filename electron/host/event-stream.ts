// GET /api/events: one Server-Sent Events stream per open page. The hub subscribes
// to the service once and fans every event out to all connected pages.
import type { ServerResponse } from 'node:http';
import type { BackbeatBridge, BackbeatEvent } from '../../shared/contract';

/** A comment line this often keeps proxies and idle timers from closing the stream. */
export const SSE_PING_MS = 15_000;

export interface EventHub {
  attach(res: ServerResponse): void;
  readonly clientCount: number;
  /** Ends every stream and stops listening to the service. */
  close(): void;
}

export function createEventHub(service: Pick<BackbeatBridge, 'onEvent'>, pingMs = SSE_PING_MS): EventHub {
  const clients = new Set<ServerResponse>();
  const unsubscribe = service.onEvent((event: BackbeatEvent) => {
    const frame = `data: ${JSON.stringify(event)}\n\n`;
    for (const res of clients) res.write(frame);
  });
  const ping = setInterval(() => {
    for (const res of clients) res.write(': ping\n\n');
  }, pingMs);
  // The ping alone must never keep the process alive.
  ping.unref();
  let closed = false;

  return {
    attach(res) {
      if (closed) {
        res.statusCode = 503;
        res.end();
        return;
      }
      res.statusCode = 200;
      res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
      res.setHeader('Connection', 'keep-alive');
      // Send the headers and a first comment now so the page's EventSource opens at once.
      res.write(': connected\n\n');
      clients.add(res);
      res.on('close', () => clients.delete(res));
    },
    get clientCount() {
      return clients.size;
    },
    close() {
      if (closed) return;
      closed = true;
      clearInterval(ping);
      unsubscribe();
      for (const res of clients) res.end();
      clients.clear();
    },
  };
}
