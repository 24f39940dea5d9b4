// Who may talk to the browser-mode host: only a page that knows this launch's token,
// reached through a loopback Host header (DNS-rebinding defence) and, when the
// browser says where the request comes from, from our own origin.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface RequestTarget {
  /** The path exactly as sent (still percent-encoded), without the query. */
  rawPath: string;
  query: URLSearchParams;
}

export interface GuardConfig {
  token: string;
  /** Accepted `Host` header values, lower-case, e.g. `127.0.0.1:5123`. */
  allowedHosts: ReadonlySet<string>;
  /** Accepted `Origin` header values, e.g. `http://127.0.0.1:5123`. */
  allowedOrigins: ReadonlySet<string>;
  cookieName: string;
}

export type GuardVerdict = { ok: true; tokenInQuery: boolean } | { ok: false; message: string };

/** 32 random bytes as hex: a fresh one per launch. */
export function makeToken(): string {
  return randomBytes(32).toString('hex');
}

/**
 * Constant-time comparison. Hashing both sides first gives equal-length inputs for
 * timingSafeEqual, so not even the token's length leaks through timing.
 */
export function tokensEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** Splits an origin-form request target; anything else (absolute-form, `*`) is refused. */
export function parseTarget(rawUrl: string | undefined): RequestTarget | null {
  if (!rawUrl || !rawUrl.startsWith('/')) return null;
  const q = rawUrl.indexOf('?');
  const rawPath = q === -1 ? rawUrl : rawUrl.slice(0, q);
  const query = new URLSearchParams(q === -1 ? '' : rawUrl.slice(q + 1));
  return { rawPath, query };
}

/** All values of one cookie (a browser may send duplicates), from the Cookie header. */
export function cookieValues(header: string | undefined, name: string): string[] {
  if (!header) return [];
  const values: string[] = [];
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() === name) values.push(part.slice(eq + 1).trim());
  }
  return values;
}

export function checkRequest(req: IncomingMessage, target: RequestTarget, config: GuardConfig): GuardVerdict {
  const host = (req.headers.host ?? '').toLowerCase();
  if (!config.allowedHosts.has(host)) {
    return { ok: false, message: 'This Backbeat server only answers requests addressed to 127.0.0.1.' };
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !config.allowedOrigins.has(origin.toLowerCase())) {
    return { ok: false, message: 'Requests from other web sites are not allowed.' };
  }
  const fromHeader = req.headers['x-backbeat-token'];
  const headerToken = typeof fromHeader === 'string' ? fromHeader : undefined;
  const queryToken = target.query.get('token') ?? undefined;
  const cookieTokens = cookieValues(req.headers.cookie, config.cookieName);
  // Every offered token is compared (no early exit), and any one valid token admits.
  let valid = false;
  let tokenInQuery = false;
  for (const candidate of [headerToken, queryToken, ...cookieTokens]) {
    if (candidate === undefined) continue;
    if (tokensEqual(candidate, config.token)) {
      valid = true;
      if (candidate === queryToken) tokenInQuery = true;
    }
  }
  if (!valid) {
    return {
      ok: false,
      message:
        headerToken === undefined && queryToken === undefined && cookieTokens.length === 0
          ? 'This address needs the token Backbeat printed when it started; open the full address from the terminal.'
          : 'The token is not valid for this Backbeat session; open the address Backbeat printed when it started.',
    };
  }
  return { ok: true, tokenInQuery };
}
