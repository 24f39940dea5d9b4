// One shared Server-Sent Events connection for every listener, opened while anyone
// listens. EventSource retries dropped connections by itself but gives up for good
// on an HTTP error (host restarting, 403); then we reopen it with a growing delay.
// The stream is also how the page notices at once that the host went away: its
// socket closes when `backbeat serve` ends, so connection listeners hear "lost"
// without waiting for the user's next click, and "back" when it reopens.
import type { BackbeatEvent, ConnectionListener, EventListener } from '../../../shared/contract';

const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 15_000;

/** Events we may have missed while disconnected: everyone reloads what they show. */
const RESYNC_EVENTS: BackbeatEvent[] = [{ type: 'library-changed' }, { type: 'backups-changed' }];

export interface EventStream {
  subscribe(listener: EventListener): () => void;
  /** Hears true when the stream opens and false as soon as it drops; opens the stream while anyone listens. */
  onConnection(listener: ConnectionListener): () => void;
}

export function createEventStream(url: string, parse: (data: string) => BackbeatEvent | null): EventStream {
  const listeners = new Set<EventListener>();
  const connectionListeners = new Set<ConnectionListener>();
  /** Null until the first open or error. */
  let connected: boolean | null = null;
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

  const setConnected = (next: boolean): void => {
    if (connected === next) return;
    connected = next;
    for (const listener of [...connectionListeners]) {
      try {
        listener(next);
      } catch (err) {
        console.error('Backbeat connection listener failed', err);
      }
    }
  };

  const wanted = (): boolean => listeners.size > 0 || connectionListeners.size > 0;

  const open = (): void => {
    const es = new EventSource(url);
    source = es;
    es.onopen = () => {
      retryMs = FIRST_RETRY_MS;
      setConnected(true);
      if (hasConnected) RESYNC_EVENTS.forEach(emit);
      hasConnected = true;
    };
    es.onmessage = (message: MessageEvent<string>) => {
      const event = parse(message.data);
      if (event) emit(event);
    };
    es.onerror = () => {
      // Whether the browser retries by itself or we reopen later, the host is not there now.
      setConnected(false);
      if (es.readyState !== EventSource.CLOSED) return; // the browser is already retrying
      es.close();
      source = null;
      scheduleReopen();
    };
  };

  const scheduleReopen = (): void => {
    if (retryTimer !== null || !wanted()) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      if (wanted() && source === null) open();
    }, retryMs);
    retryMs = Math.min(MAX_RETRY_MS, retryMs * 2);
  };

  const close = (): void => {
    source?.close();
    source = null;
    if (retryTimer !== null) clearTimeout(retryTimer);
    retryTimer = null;
  };

  const ensureOpen = (): void => {
    if (source === null && retryTimer === null) open();
  };

  return {
    subscribe(listener) {
      listeners.add(listener);
      ensureOpen();
      return () => {
        listeners.delete(listener);
        if (!wanted()) close();
      };
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      ensureOpen();
      if (connected !== null) listener(connected);
      return () => {
        connectionListeners.delete(listener);
        if (!wanted()) close();
      };
    },
  };
}
