// What the File menu's commands do. They call the service directly (the same calls
// the page would make); the service's events then bring the page up to date, so no
// new event type is needed. Failures are shown in a native error box.
import { ContractError } from '../../shared/contract';
import type { BackbeatApi } from '../../shared/contract';
import { toSerializedError } from '../host/error-envelope';

export interface MenuCommandDeps {
  service: Pick<BackbeatApi, 'setLibrary' | 'startBackup'>;
  chooseLibraryFile(): Promise<string | null>;
  showError(title: string, message: string): void;
}

export interface MenuCommands {
  openLibrary(): Promise<void>;
  backUpNow(): Promise<void>;
}

export function createMenuCommands(deps: MenuCommandDeps): MenuCommands {
  const report = (title: string, err: unknown): void => {
    // toSerializedError logs unexpected errors with their stack and keeps sentences for users.
    const message = err instanceof ContractError ? err.message : toSerializedError(err).message;
    deps.showError(title, message);
  };
  return {
    async openLibrary() {
      try {
        const chosen = await deps.chooseLibraryFile();
        if (chosen === null) return;
        await deps.service.setLibrary({ path: chosen });
      } catch (err) {
        report('Could not open the library', err);
      }
    },
    async backUpNow() {
      try {
        await deps.service.startBackup({});
      } catch (err) {
        report('Could not start the backup', err);
      }
    },
  };
}
