// Small response and request-body helpers for the browser-mode host.
import crypto from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from './security-headers';

/** At most 1 MiB of JSON per call (docs/http-protocol.md). */
export const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLargeError extends Error {
  constructor() {
    super('The request body is larger than 1 MB (1,048,576 bytes).');
  }
}

export function applySecurityHeaders(res: ServerResponse): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

/**
 * The style of the host's own small pages (the refused-token page): the app's
 * colours, light or dark as the system asks. Inline, because a page refused for want
 * of a token cannot load a stylesheet either; the CSP allows exactly this text by hash.
 */
export const HTML_PAGE_STYLE = `
:root { color-scheme: light dark; --bg: #f4f5f7; --surface: #fff; --text: #1d2330; --muted: #5b6474; --border: #dde1e8; --accent: #2f6fe4; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #16181d; --surface: #20232a; --text: #e8eaef; --muted: #a4abb8; --border: #343944; --accent: #7aa7ff; }
}
html, body { margin: 0; height: 100%; }
body { display: flex; align-items: center; justify-content: center; padding: 24px; box-sizing: border-box;
  background: var(--bg); color: var(--text); font: 15px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; }
main { max-width: 560px; padding: 28px 32px; border-radius: 12px; background: var(--surface); border: 1px solid var(--border); }
h1 { margin: 0 0 10px; font-size: 20px; }
p { margin: 0; color: var(--text); }
p.hint { margin-top: 12px; color: var(--muted); font-size: 13px; }
`;

const HTML_PAGE_CSP = CONTENT_SECURITY_POLICY.replace(
  "style-src 'self'",
  `style-src 'sha256-${crypto.createHash('sha256').update(HTML_PAGE_STYLE).digest('base64')}'`,
);

export function sendHtml(
  res: ServerResponse,
  status: number,
  title: string,
  sentence: string,
  hint?: string,
): void {
  const hintHtml = hint ? `<p class="hint">${escapeHtml(hint)}</p>` : '';
  const text = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="color-scheme" content="light dark"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><style>${HTML_PAGE_STYLE}</style></head><body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(sentence)}</p>${hintHtml}</main></body></html>\n`;
  res.statusCode = status;
  res.setHeader('Content-Security-Policy', HTML_PAGE_CSP);
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

/** Reads the whole body as UTF-8, refusing more than `limit` bytes without buffering them. */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(new BodyTooLargeError());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        // Stop buffering; the caller answers 413 and the connection is closed after it.
        req.pause();
        reject(new BodyTooLargeError());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', (err) => {
      if (done) return;
      done = true;
      reject(err);
    });
  });
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
