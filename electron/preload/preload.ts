// Exposes the API contract to the page as `window.backbeat`: one async function per
// contract method plus `onEvent`. Nothing else of Electron or Node reaches the page.
//
// This runs in a *sandboxed* preload, whose `require` only knows `electron` and a few
// built-ins: it cannot load our other compiled files, and shared/contract.ts would
// drag zod in anyway. So only TYPES come from shared/ (erased at compile time), and
// the method names and channel names are written out here. They cannot drift:
//  - the `satisfies` and the exhaustiveness check below fail the build when a name
//    is misspelt or a contract method is missing;
//  - electron/main/test/preload.test.ts loads this compiled file with a fake
//    `electron` and checks the exposed bridge against METHOD_NAMES and the channel
//    constants, and that `electron` is the only module it requires.
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import type { BackbeatBridge, BackbeatEvent, EventListener, MethodName } from '../../shared/contract';
import type { Envelope } from '../host/error-envelope';

/** Must equal IPC_INVOKE_PREFIX and IPC_EVENT_CHANNEL in shared/contract.ts. */
const INVOKE_PREFIX = 'backbeat:';
const EVENT_CHANNEL = 'backbeat:event';

const METHODS = [
  'getAppInfo',
  'getSettings',
  'setLibrary',
  'setBackupDir',
  'chooseLibraryFile',
  'chooseBackupDir',
  'chooseExportFile',
  'chooseRestoreFolder',
  'createDemoLibrary',
  'getOverview',
  'listBackups',
  'getBackup',
  'startBackup',
  'startVerify',
  'startVerifyAll',
  'startRestorePreview',
  'getRestorePreviewPage',
  'startRestore',
  'setPinned',
  'deleteBackup',
  'cleanup',
  'startCleanup',
  'listJobs',
  'cancelJob',
  'getRescanPlan',
  'startRescan',
  'getSchedule',
  'setSchedule',
  'previewRetention',
  'applyRetention',
  'startRetention',
  'getStatus',
  'getRepository',
  'initRepository',
  'addRepositoryFolder',
  'removeRepositoryFolder',
  'startSnapshot',
  'listSnapshots',
  'getRepositoryReadiness',
  'setRepositoryPassword',
  'setDestinationSecrets',
  'listSnapshotFiles',
  'searchSnapshotFiles',
  'diffSnapshots',
  'startRepositoryCheck',
  'getLastRepositoryCheck',
  'listDestinations',
  'addDestination',
  'removeDestination',
  'testDestination',
  'startCopy',
  'startDestinationCheck',
  'setDestinationSchedule',
  'startDestinationPrune',
  'startRecover',
  'previewRestoreFiles',
  'startRestoreFiles',
  'crosscheckLibrary',
  'startExport',
  'getOsTimer',
  'installOsTimer',
  'uninstallOsTimer',
] as const satisfies readonly MethodName[];

// Compile-time proof that every contract method is listed above.
type Unlisted = Exclude<MethodName, (typeof METHODS)[number]>;
const everyMethodListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyMethodListed;

/**
 * The error a call rejects with: the main process's sentence, plus its code. Note
 * that contextBridge re-creates a rejected Error in the page from its message only,
 * so the page sees the sentence intact but not `code` (custom properties are dropped).
 */
class BackbeatCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'BackbeatCallError';
  }
}

function unwrap(envelope: Envelope | undefined): unknown {
  if (envelope && envelope.ok === true) return envelope.result;
  if (envelope && envelope.ok === false)
    throw new BackbeatCallError(envelope.error.code, envelope.error.message);
  throw new BackbeatCallError(
    'internal',
    'Backbeat sent an unreadable answer. Restart Backbeat and try again.',
  );
}

function makeCall(method: MethodName): (args: unknown) => Promise<unknown> {
  const channel = INVOKE_PREFIX + method;
  return async (args) => unwrap((await ipcRenderer.invoke(channel, args ?? {})) as Envelope | undefined);
}

const api: Record<string, (args: unknown) => Promise<unknown>> = {};
for (const method of METHODS) api[method] = makeCall(method);

const bridge = {
  ...api,
  onEvent(listener: EventListener): () => void {
    // The page gets the event object only, never Electron's IPC event (it holds `sender`).
    const forward = (_event: IpcRendererEvent, payload: BackbeatEvent): void => listener(payload);
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    };
  },
} as unknown as BackbeatBridge;

contextBridge.exposeInMainWorld('backbeat', bridge);
