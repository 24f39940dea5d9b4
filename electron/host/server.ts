// The browser-mode host: carries the API contract over HTTP on loopback only, for a
// page that proves it knows this launch's token (docs/http-protocol.md). It holds no
// engine logic: guard the request, then dispatch, stream events or serve files.
import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ContractError } from '../../shared/contract';
import type { BackbeatBridge } from '../../shared/contract';
import { handleApiCall } from './api-call';
import { toSerializedError } from './error-envelope';
import { createEventHub } from './event-stream';
import type { EventHub } from './event-stream';
import { applySecurityHeaders, sendHtml, sendJson } from './http-io';
import { checkRequest, makeToken, parseTarget } from './request-guard';
import type { GuardConfig } from './request-guard';
import { serveStatic } from './static-files';

export interface BrowserHostOptions {
  service: BackbeatBridge;
  /** The built renderer, normally dist/renderer. */
  rendererDir: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Only `127.0.0.1` (or its name `localhost`) is accepted: the host never leaves this computer. */
  host?: string;
}

export interface BrowserHost {
  /** `http://127.0.0.1:PORT/?token=TOKEN` */
  url: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost']);
const CALL_PREFIX = '/api/call/';

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const requested = options.host ?? '127.0.0.1';
  if (!LOOPBACK_NAMES.has(requested)) {
    throw new ContractError(
      'bad-arguments',
      `Browser mode only listens on this computer (127.0.0.1), not on ${requested}.`,
    );
  }
  // Always the IPv4 loopback: `localhost` may resolve to ::1, where the printed URL would not work.
  const bindHost = '127.0.0.1';
  const token = makeToken();
  let guard: GuardConfig | null = null;
  let events: EventHub | null = null;

  const server = http.createServer((req, res) => {
    applySecurityHeaders(res);
    // Requests can only arrive after listen() filled these in.
    if (!guard || !events) return sendJson(res, 503, { ok: false });
    route(req, res, guard, events, options).catch((err: unknown) => {
      const error = toSerializedError(err);
      if (!res.headersSent) sendJson(res, 500, { ok: false, error });
      else res.destroy();
    });
  });

  const port = await listen(server, options.port ?? 0, bindHost);
  guard = {
    token,
    allowedHosts: new Set([`127.0.0.1:${port}`, `localhost:${port}`]),
    allowedOrigins: new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]),
    // Cookies ignore ports; naming it per port keeps two Backbeat launches apart.
    cookieName: `backbeat_token_${port}`,
  };
  events = createEventHub(options.service);
  const hub = events;

  let closing: Promise<void> | null = null;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    token,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        // Event streams never end on their own: end them, then drop idle keep-alive sockets.
        hub.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

async function route(
  req: IncomingMessage,
  res: ServerResponse,
  guard: GuardConfig,
  events: EventHub,
  options: BrowserHostOptions,
): Promise<void> {
  const target = parseTarget(req.url);
  if (!target) {
    sendJson(res, 400, { ok: false, error: { code: 'bad-arguments', message: 'Malformed request.' } });
    return;
  }
  const isApi = target.rawPath.startsWith('/api/');
  const verdict = checkRequest(req, target, guard);
  if (!verdict.ok) {
    if (isApi) sendJson(res, 403, { ok: false, error: { code: 'forbidden', message: verdict.message } });
    else
      sendHtml(
        res,
        403,
        'Backbeat needs its token',
        verdict.message,
        'The address changes each time "backbeat serve" (or "npm start" in browser mode) starts; use the one it printed last.',
      );
    return;
  }
  if (target.rawPath.startsWith(CALL_PREFIX)) {
    await handleApiCall(req, res, target.rawPath.slice(CALL_PREFIX.length), options.service);
    return;
  }
  if (target.rawPath === '/api/events') {
    if (req.method !== 'GET') {
      res.setHeader('Allow', 'GET');
      sendJson(res, 405, {
        ok: false,
        error: { code: 'bad-arguments', message: 'Open the event stream with GET.' },
      });
      return;
    }
    events.attach(res);
    return;
  }
  if (isApi) {
    sendJson(res, 404, { ok: false, error: { code: 'not-found', message: 'There is no such API address.' } });
    return;
  }
  if (verdict.tokenInQuery) {
    // Lets the page's own script, style and image requests (which carry no query) through.
    res.setHeader('Set-Cookie', `${guard.cookieName}=${guard.token}; HttpOnly; SameSite=Strict; Path=/`);
  }
  await serveStatic(req, res, options.rendererDir, target.rawPath);
}

function listen(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      reject(
        err.code === 'EADDRINUSE'
          ? new ContractError(
              'io',
              `Port ${port} is already in use; choose another port, or 0 for any free one.`,
            )
          : err,
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
