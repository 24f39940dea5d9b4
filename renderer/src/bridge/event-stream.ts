// One shared Server-Sent Events connection for every listener, opened while anyone
// listens. EventSource retries dropped connections by itself but gives up for good
// on an HTTP error (host restarting, 403); then we reopen it with a growing delay.
import type { BackbeatEvent, EventListener } from '../../../shared/contract';

const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 15_000;

/** Events we may have missed while disconnected: everyone reloads what they show. */
const RESYNC_EVENTS: BackbeatEvent[] = [{ type: 'library-changed' }, { type: 'backups-changed' }];

export function createEventStream(
  url: string,
  parse: (data: string) => BackbeatEvent | null,
): (listener: EventListener) => () => void {
  const listeners = new Set<EventListener>();
  let source: EventSource | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let retryMs = FIRST_RETRY_MS;
  let hasConnected = false;

  const emit = (event: BackbeatEvent): void => {
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch (err) {
        console.error('Backbeat event listener failed', err);
      }
    }
  };

  const open = (): void => {
    const es = new EventSource(url);
    source = es;
    es.onopen = () => {
      retryMs = FIRST_RETRY_MS;
      if (hasConnected) RESYNC_EVENTS.forEach(emit);
      hasConnected = true;
    };
    es.onmessage = (message: MessageEvent<string>) => {
      const event = parse(message.data);
      if (event) emit(event);
    };
    es.onerror = () => {
      if (es.readyState !== EventSource.CLOSED) return; // the browser is already retrying
      es.close();
      source = null;
      scheduleReopen();
    };
  };

  const scheduleReopen = (): void => {
    if (retryTimer !== null || listeners.size === 0) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      if (listeners.size > 0 && source === null) open();
    }, retryMs);
    retryMs = Math.min(MAX_RETRY_MS, retryMs * 2);
  };

  const close = (): void => {
    source?.close();
    source = null;
    if (retryTimer !== null) clearTimeout(retryTimer);
    retryTimer = null;
  };

  return (listener) => {
    listeners.add(listener);
    if (source === null && retryTimer === null) open();
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) close();
    };
  };
}
