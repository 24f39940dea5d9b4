// What the service's handler groups share: the settings-derived paths, the job manager,
// events and the refusals every mutating call makes. The service builds one; each
// group (backups, restore, rescan, cleanup) takes it instead of reaching into the class.
import {
  ContractError,
  type BackbeatEvent,
  type MethodArgs,
  type MethodName,
  type MethodResult,
} from '../../../shared/contract';
import type { BackupListEntry, JobKind } from '../../../shared/types';
import { listBackups } from '../backup/backup-store';
import type { JobManager } from '../runtime/jobs';
import type { Clock } from '../schedule/clock';

/** A handler for each method in `M`: the method name decides the argument and result types. */
export type HandlersFor<M extends MethodName> = {
  [K in M]: (args: MethodArgs<K>) => Promise<MethodResult<K>>;
};

/** Jobs that change the library or its backups; only one of them at a time per service. */
export const MUTATING_JOBS: readonly JobKind[] = ['backup', 'restore', 'rescan', 'cleanup', 'snapshot'];

export interface ServiceContext {
  dataDir: string;
  appVersion: string;
  /** Schedule configs and run records, shared with `backbeat schedule run`. */
  scheduleDir: string;
  clock: Clock;
  log: (message: string) => void;
  jobs: JobManager;
  emit(event: BackbeatEvent): void;
  /** The library chosen in the settings, or null. */
  libraryOrNull(): string | null;
  /** The library chosen in the settings; throws "Choose a library first." without one. */
  requireLibrary(): string;
  /** The backup folder in effect (the chosen one, or the library's default). */
  backupDir(): string;
}

export function noLibrary(): ContractError {
  return new ContractError('no-library', 'Choose a library first.');
}

/** Refuses a second change to the library while one runs (a backup during a restore...). */
export function refuseWhileMutating(jobs: JobManager): void {
  const busy = jobs.active(MUTATING_JOBS)[0];
  if (busy) {
    throw new ContractError(
      'busy',
      `"${busy.title}" is still running. Wait for it to finish, then try again.`,
    );
  }
}

export async function findBackup(backupDir: string, id: string): Promise<BackupListEntry> {
  const entry = (await listBackups(backupDir)).find((e) => e.id === id);
  if (!entry) {
    throw new ContractError(
      'not-found',
      `There is no backup ${id} in ${backupDir}. It may have been deleted; refresh the list.`,
    );
  }
  return entry;
}

/** The result of a job started for a method that answers with it; its error as a ContractError. */
export async function awaitJob<T>(jobs: JobManager, jobId: string): Promise<T> {
  const end = await jobs.wait(jobId);
  if (end.state === 'succeeded' || end.state === 'partial') return end.result as T;
  throw new ContractError(
    end.state === 'cancelled' ? 'cancelled' : 'io',
    end.error ?? `${end.title} failed.`,
  );
}
