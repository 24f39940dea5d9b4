// Serves the built renderer (dist/renderer) and nothing outside it.
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { sendHtml } from './http-io';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Maps a raw (percent-encoded) request path to a file under `root`, or null when
 * it would leave `root` (`..`, encoded `%2e%2e`, encoded separators, NUL bytes).
 * Decoding happens first, then resolve + prefix check, so no encoding trick survives.
 */
export function resolveInside(root: string, rawPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const base = path.resolve(root);
  const target = path.resolve(base, `.${path.sep}${decoded}`);
  return target === base || target.startsWith(base + path.sep) ? target : null;
}

export async function serveStatic(
  req: IncomingMessage,
  res: ServerResponse,
  rendererDir: string,
  rawPath: string,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    sendHtml(res, 405, 'Method not allowed', 'Only GET and HEAD are served here.');
    return;
  }
  const root = path.resolve(rendererDir);
  const indexFile = path.join(root, 'index.html');
  if (!(await isFile(indexFile))) {
    sendHtml(
      res,
      500,
      'Backbeat is not built yet',
      `The interface was not found in ${root}. Run \`npm run build\` in the Backbeat folder, then reload this page.`,
    );
    return;
  }
  const wanted = rawPath === '/' ? '/index.html' : rawPath;
  const target = resolveInside(root, wanted);
  if (target === null) {
    sendHtml(res, 403, 'Not allowed', 'That path is outside the Backbeat interface.');
    return;
  }
  let file = target;
  if (!(await isFile(file))) {
    // Paths without an extension are client-side routes: answer with the app.
    if (rawPath === '/favicon.ico') {
      // Browsers ask for it unprompted; "nothing here" without a console error.
      res.statusCode = 204;
      res.end();
      return;
    }
    if (path.extname(wanted) !== '') {
      sendHtml(res, 404, 'Not found', 'There is no such file in the Backbeat interface.');
      return;
    }
    file = indexFile;
  }
  // A symlink inside the build must not lead out of it either.
  const realRoot = await fs.promises.realpath(root);
  const realFile = await fs.promises.realpath(file);
  if (!realFile.startsWith(realRoot + path.sep)) {
    sendHtml(res, 403, 'Not allowed', 'That path is outside the Backbeat interface.');
    return;
  }
  const body = await fs.promises.readFile(realFile);
  res.statusCode = 200;
  res.setHeader('Content-Type', contentTypeFor(realFile));
  res.setHeader('Content-Length', body.length);
  res.end(req.method === 'HEAD' ? undefined : body);
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await fs.promises.stat(file)).isFile();
  } catch {
    return false;
  }
}
