// A raw HTTP client for host tests: unlike fetch it lets a test send any Host
// header and any un-normalised path (`/../x`, `%2e%2e`).
import http from 'node:http';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface RawRequest {
  port: number;
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

export function rawRequest(req: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Host: `127.0.0.1:${req.port}`, ...req.headers };
    if (req.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(req.body));
    const r = http.request(
      {
        host: '127.0.0.1',
        port: req.port,
        path: req.path,
        method: req.method ?? 'GET',
        headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    r.on('error', reject);
    r.end(req.body);
  });
}

/** POST /api/call/<method> with the token header and a JSON body. */
export async function callApi(
  port: number,
  token: string,
  method: string,
  args: unknown,
): Promise<{
  status: number;
  json: { ok: boolean; result?: unknown; error?: { code: string; message: string } };
}> {
  const res = await rawRequest({
    port,
    path: `/api/call/${method}`,
    method: 'POST',
    headers: { 'X-Backbeat-Token': token, 'Content-Type': 'application/json' },
    body: args === undefined ? '' : JSON.stringify(args),
  });
  return { status: res.status, json: JSON.parse(res.body) as never };
}
