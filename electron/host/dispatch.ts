// The one place where an untrusted (method, args) pair becomes a service call; both
// transports go through it so they validate exactly alike.
import { ContractError, isMethodName, parseArgs } from '../../shared/contract';
import type { BackbeatApi, MethodArgs, MethodName, MethodResult } from '../../shared/contract';

/** Validates `rawArgs` against the method's schema, then calls the service. */
export function callMethod<M extends MethodName>(
  service: BackbeatApi,
  method: M,
  rawArgs: unknown,
): Promise<MethodResult<M>> {
  const args = parseArgs(method, rawArgs);
  // TypeScript cannot relate service[M] to MethodArgs<M> for a generic M; the
  // contract's mapped type guarantees they match.
  const fn = service[method] as unknown as (a: MethodArgs<M>) => Promise<MethodResult<M>>;
  return fn.call(service, args);
}

/** Resolves a method name from the wire, or throws `unknown-method`. */
export function requireMethodName(name: string): MethodName {
  if (isMethodName(name)) return name;
  const shown = name.length > 64 ? `${name.slice(0, 64)}...` : name;
  throw new ContractError('unknown-method', `There is no method called "${shown}".`);
}
