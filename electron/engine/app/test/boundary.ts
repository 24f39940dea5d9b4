// A call as the transports make it (host/dispatch.ts): raw arguments parsed with the
// contract's schema first, then the typed call. The service itself trusts its arguments.
import { parseArgs, type BackbeatApi, type MethodArgs, type MethodName } from '../../../../shared/contract';

export async function atTheBoundary(
  service: BackbeatApi,
  method: MethodName,
  raw: unknown,
): Promise<unknown> {
  const args = parseArgs(method, raw);
  const call = service[method] as (a: MethodArgs<typeof method>) => Promise<unknown>;
  return call.call(service, args);
}
