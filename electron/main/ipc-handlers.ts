// Carries the API contract over Electron IPC. Deliberately free of any runtime
// `electron` import: the caller passes ipcMain (or a fake in tests) as IpcMainLike.
//
// ipcMain.handle turns a thrown error into a generic "Error invoking remote method"
// and drops its class and code, so every answer is an envelope instead:
// `{ ok: true, result }` or `{ ok: false, error: { code, message } }`.
import { IPC_EVENT_CHANNEL, IPC_INVOKE_PREFIX, METHOD_NAMES } from '../../shared/contract';
import type { BackbeatBridge, BackbeatEvent, MethodName, SerializedError } from '../../shared/contract';
import { callMethod } from '../host/dispatch';
import { toSerializedError } from '../host/error-envelope';
import type { Envelope } from '../host/error-envelope';

/** The part of Electron's IpcMainInvokeEvent we rely on. */
export interface IpcInvokeEventLike {
  /** Null once the frame has navigated away or been destroyed. */
  readonly senderFrame: { readonly url: string } | null;
}

/** The part of Electron's ipcMain we use. */
export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>,
  ): void;
  removeHandler(channel: string): void;
}

/** Where events go: a window's webContents in the app. */
export interface EventSinkLike {
  send(channel: string, payload: BackbeatEvent): void;
  isDestroyed(): boolean;
}

const UNTRUSTED: SerializedError = {
  code: 'forbidden',
  message: 'This page is not allowed to use Backbeat.',
};

/**
 * Registers one handler per contract method on `IPC_INVOKE_PREFIX + method`. Each
 * checks the calling frame's URL, parses the (untrusted) argument and answers with
 * an envelope. Returns a function that removes them all again.
 */
export function registerContractHandlers(
  ipc: IpcMainLike,
  service: BackbeatBridge,
  isTrustedSender: (frameUrl: string) => boolean,
): () => void {
  const channels: string[] = [];
  for (const method of METHOD_NAMES) {
    const channel = IPC_INVOKE_PREFIX + method;
    ipc.handle(channel, (event, ...args) => handleCall(method, service, isTrustedSender, event, args));
    channels.push(channel);
  }
  return () => {
    for (const channel of channels) ipc.removeHandler(channel);
  };
}

async function handleCall(
  method: MethodName,
  service: BackbeatBridge,
  isTrustedSender: (frameUrl: string) => boolean,
  event: IpcInvokeEventLike,
  args: unknown[],
): Promise<Envelope> {
  const frameUrl = event.senderFrame?.url ?? '';
  if (!frameUrl || !isTrustedSender(frameUrl)) return { ok: false, error: UNTRUSTED };
  try {
    // Exactly one argument object per call, as in the contract; extra ones are refused by parsing.
    const raw = args.length > 1 ? args : args[0];
    return { ok: true, result: await callMethod(service, method, raw) };
  } catch (err) {
    return { ok: false, error: toSerializedError(err) };
  }
}

/**
 * Sends every service event to `sink` on IPC_EVENT_CHANNEL, as the bare event
 * object. Returns the unsubscribe; a destroyed sink is skipped.
 */
export function forwardServiceEvents(
  service: Pick<BackbeatBridge, 'onEvent'>,
  sink: EventSinkLike,
): () => void {
  return service.onEvent((event) => {
    if (!sink.isDestroyed()) sink.send(IPC_EVENT_CHANNEL, event);
  });
}
