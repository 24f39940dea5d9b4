// POST /api/call/<method>: JSON body in, `{ok, result}` or `{ok, error}` out.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ContractError } from '../../shared/contract';
import type { BackbeatApi } from '../../shared/contract';
import { callMethod, requireMethodName } from './dispatch';
import { httpStatusFor, toSerializedError } from './error-envelope';
import { BodyTooLargeError, readBody, sendJson } from './http-io';

export async function handleApiCall(
  req: IncomingMessage,
  res: ServerResponse,
  methodName: string,
  service: BackbeatApi,
): Promise<void> {
  try {
    const method = requireMethodName(methodName);
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      sendJson(res, 405, {
        ok: false,
        error: { code: 'bad-arguments', message: `Call ${method} with POST and a JSON body.` },
      });
      return;
    }
    const raw = await readJsonBody(req);
    const result = await callMethod(service, method, raw);
    sendJson(res, 200, { ok: true, result });
  } catch (err) {
    if (err instanceof BodyTooLargeError) {
      // The rest of the body is never read, so the connection cannot be reused.
      res.setHeader('Connection', 'close');
      sendJson(res, 413, { ok: false, error: { code: 'bad-arguments', message: err.message } });
      return;
    }
    const error = toSerializedError(err);
    sendJson(res, httpStatusFor(error.code), { ok: false, error });
  }
}

/** An empty body means "no arguments" (`{}`); anything else must be JSON. */
async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const text = await readBody(req);
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ContractError('bad-arguments', 'The request body is not valid JSON.');
  }
}
