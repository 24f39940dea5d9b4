// BackbeatBridge over the browser-mode HTTP host (docs/http-protocol.md): one POST
// per call with the token header, events over SSE. Answers are untrusted input, so
// the envelope is checked before anything is handed on.
import {
  METHOD_NAMES,
  type BackbeatApi,
  type BackbeatBridge,
  type MethodName,
} from '../../../shared/contract';
import { parseEvent } from '../schemas';
import { BridgeError } from './bridge-error';
import { envelopeSchema } from './envelope';
import { createEventStream } from './event-stream';
import { takeToken } from './http-token';

const TOKEN_HEADER = 'X-Backbeat-Token';

const UNREACHABLE =
  'Backbeat is not reachable. Check that `backbeat serve` is still running, then reload this page.';
const NO_TOKEN =
  'This page has no access token. Open the full address that `backbeat serve` printed (it ends in ?token=...).';

async function readJson(response: Response): Promise<unknown> {
  try {
    return (await response.json()) as unknown;
  } catch {
    return undefined;
  }
}

function createCaller(token: string | null) {
  return async function call(method: MethodName, args: unknown): Promise<unknown> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (token) headers[TOKEN_HEADER] = token;
    let response: Response;
    try {
      response = await fetch(`/api/call/${method}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(args ?? {}),
        credentials: 'same-origin',
        cache: 'no-store',
      });
    } catch {
      throw new BridgeError('io', UNREACHABLE);
    }
    const envelope = envelopeSchema.safeParse(await readJson(response));
    if (!envelope.success) {
      if (response.status === 403 && !token) throw new BridgeError('forbidden', NO_TOKEN);
      throw new BridgeError(
        'internal',
        `Backbeat sent an unreadable answer to ${method} (HTTP ${response.status}). Reload the page; if it keeps happening, restart \`backbeat serve\`.`,
      );
    }
    if (!envelope.data.ok) {
      if (response.status === 403 && !token) throw new BridgeError('forbidden', NO_TOKEN);
      throw new BridgeError(envelope.data.error.code, envelope.data.error.message);
    }
    return envelope.data.result;
  };
}

export function createHttpBridge(): BackbeatBridge {
  const call = createCaller(takeToken());
  const api = Object.fromEntries(
    METHOD_NAMES.map((method) => [method, (args: unknown) => call(method, args)]),
  ) as BackbeatApi;
  // The event stream authenticates with the HttpOnly cookie set when the page loaded.
  const stream = createEventStream('/api/events', parseEvent);
  return { ...api, onEvent: stream.subscribe, onConnection: stream.onConnection };
}
