// A stand-in for Electron's ipcMain: records handlers and lets a test invoke them
// as a given frame URL would.
import type { IpcInvokeEventLike, IpcMainLike } from '../ipc-handlers';

type Listener = (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>;

export interface FakeIpcMain extends IpcMainLike {
  readonly handlers: Map<string, Listener>;
  invoke(channel: string, frameUrl: string | null, ...args: unknown[]): Promise<unknown>;
}

export function createFakeIpcMain(): FakeIpcMain {
  const handlers = new Map<string, Listener>();
  return {
    handlers,
    handle(channel, listener) {
      // Electron throws on a second handler for one channel; so do we.
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, listener);
    },
    removeHandler(channel) {
      handlers.delete(channel);
    },
    invoke(channel, frameUrl, ...args) {
      const listener = handlers.get(channel);
      if (!listener) throw new Error(`No handler registered for '${channel}'`);
      return listener({ senderFrame: frameUrl === null ? null : { url: frameUrl } }, ...args);
    },
  };
}
