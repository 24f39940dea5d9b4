// The contract's one implementation. Electron IPC and the browser-mode HTTP host only
// carry calls to it, so everything a transport could forget lives here: argument
// validation for every method, user-facing errors, jobs and events.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  ContractError,
  METHOD_NAMES,
  parseArgs,
  type BackbeatApi,
  type BackbeatBridge,
  type BackbeatEvent,
  type EventListener,
  type MethodArgs,
  type MethodName,
  type MethodResult,
} from '../../../shared/contract';
import type { RetentionPolicy } from '../../../shared/schedule-types';
import type {
  AppSettings,
  BackupListEntry,
  JobInfo,
  JobKind,
  LibraryOverview,
  LibraryStats,
  RestorePreviewPage,
  RestorePreviewSummary,
  TrackChange,
} from '../../../shared/types';
import { checkBackupFolder } from '../backup/backup-folder';
import { listBackups, setPinned } from '../backup/backup-store';
import { realPathOf } from '../fs/real-path';
import { sweepTempLeftovers } from '../fs/temp-leftovers';
import { createDemoLibrary } from '../demo/demo';
import {
  readConfigTolerant,
  savedProgressTiers,
  savedRetentionPolicy,
  scheduleConfigFrom,
  syncConfigBackupDir,
} from './service-schedule-config';
import {
  installTimer,
  osTimerView,
  uninstallTimer,
  type OsTimerSetup,
  type OsTimerTarget,
} from './service-os-timer';
import { overviewHealth, readScheduleFacts, scheduleView, statusOf } from './service-schedule-views';
import { ServiceScheduler, type ScheduleTarget } from './service-scheduler';
import { planRetention } from '../retention/plan';
import { systemClock, systemTimers, type Clock, type TimerFunctions } from '../schedule/clock';
import { readScheduleConfig, scheduleStateDir, writeScheduleConfig } from '../schedule/config-store';
import { JobManager } from '../runtime/jobs';
import { readLibraryStats } from '../library/library-stats-async';
import { readStatsWithFailuresAsync } from '../library/library-stats-failures';
import {
  backupOperation,
  cleanupOperation,
  deleteBackupOperation,
  previewOperation,
  resolveBackupDir,
  rescanOperation,
  restoreOperation,
  retentionOperation,
  verifyOperation,
} from './operations';
import { demoLibraryDir } from '../fs/paths';
import {
  checkForceConfirmation,
  progressBackupHook,
  refuseBlockedPlan,
  rescanCancelled,
  rescanPlanView,
  rescanStateDir,
  rescanSummaryView,
  rescanVerdict,
} from './service-rescan';
import { checkKeep } from '../retention/cleanup';
import { CLEANUP_TITLE, RETENTION_TITLE, cleanupVerdict } from './service-cleanup';
import { loadSettings, saveSettings } from './settings';
import { verifyAllBackups, verifyAllVerdict } from '../backup/verify-all';
import type { RepoPassword } from '../repository/repo-password';
import { repositoryHandlers } from '../repository/service-handlers';
import { destinationHandlers } from '../destinations/service-handlers';

/** Native pickers, injected by Electron's main process; browser mode has none. */
export interface ServiceDialogs {
  chooseLibraryFile(): Promise<string | null>;
  chooseBackupDir(): Promise<string | null>;
}

export interface ServiceOptions {
  dataDir: string;
  appVersion: string;
  mode: 'electron' | 'browser';
  dialogs?: ServiceDialogs;
  /** Where warnings go (a damaged settings file, an unreadable backup folder). Default: stderr. */
  log?: (message: string) => void;
  /** What "now" is for schedules, health and retention; tests pass a FakeClock. Default: the system clock. */
  clock?: Clock;
  /** The scheduler's timers; tests pass the FakeClock here too. Default: real (unref'd) timers. */
  timers?: TimerFunctions;
  /** How often the scheduler looks at the clock; default one minute. */
  scheduleCheckIntervalMs?: number;
  /** The repository password; default: the file named by BACKBEAT_REPO_PASSWORD_FILE. */
  repoPassword?: () => Promise<RepoPassword>;
  /** The OS timer that backs up while the app is closed; without it the Schedule screen says it cannot be installed. */
  osTimer?: OsTimerSetup | null;
}

export interface BackbeatService extends BackbeatBridge {
  /** Cancels running jobs and waits for them; the service refuses calls afterwards. */
  dispose(): Promise<void>;
  /** The machine woke from sleep (Electron's powerMonitor 'resume'): catch up a missed scheduled backup now. */
  notifyWake(): void;
}

type Handlers = { [M in MethodName]: (args: MethodArgs<M>) => Promise<MethodResult<M>> };

/** Jobs that change the library or its backups; only one of them at a time per service. */
const MUTATING_JOBS: readonly JobKind[] = ['backup', 'restore', 'rescan', 'cleanup', 'snapshot'];
/** How many restore previews stay in memory; older ones expire. */
const PREVIEWS_KEPT = 3;
/** A short wait on a locked library: the overview must stay responsive. */
const OVERVIEW_BUSY_TIMEOUT_MS = 3000;

interface StoredPreview {
  summary: RestorePreviewSummary;
  changes: TrackChange[];
  /** The last filter's matches, so paging through a filtered list does not refilter each time. */
  lastFilter: { needle: string; items: TrackChange[] } | null;
}

function noLibrary(): ContractError {
  return new ContractError('no-library', 'Choose a library first.');
}

function matchesFilter(change: TrackChange, needle: string): boolean {
  return [change.artist, change.title, change.filePath].some(
    (field) => field !== null && field.toLowerCase().includes(needle),
  );
}

/** The nearest folder that exists at or above `dir` (a backup folder may not exist yet). */
function nearestExisting(dir: string): string {
  let current = path.resolve(dir);
  for (;;) {
    if (fs.existsSync(current)) return current;
    const parent = path.dirname(current);
    if (parent === current) return current;
    current = parent;
  }
}

async function freeBytes(dir: string): Promise<number | null> {
  try {
    const s = await fs.promises.statfs(nearestExisting(dir));
    return s.bavail * s.bsize;
  } catch {
    return null;
  }
}

async function sameDisk(libraryPath: string, backupDir: string): Promise<boolean> {
  try {
    const [a, b] = await Promise.all([
      fs.promises.stat(nearestExisting(path.dirname(libraryPath))),
      fs.promises.stat(nearestExisting(backupDir)),
    ]);
    return a.dev === b.dev;
  } catch {
    return false;
  }
}

/** The app has no working folder a user could mean: a relative path is refused, never guessed. */
function refuseRelative(raw: string, what: string): void {
  if (!path.isAbsolute(raw)) {
    throw new ContractError('bad-arguments', `The ${what} "${raw}" is a relative path; give its full path.`);
  }
}

function asContractError(method: MethodName, err: unknown): ContractError {
  if (err instanceof ContractError) return err;
  const detail = err instanceof Error ? err.message : String(err);
  return new ContractError(
    'internal',
    `Something went wrong (${method}: ${detail}). Try again; if it keeps failing, report this message.`,
  );
}

class Service {
  private settings: AppSettings;
  private readonly listeners = new Set<EventListener>();
  private readonly previews = new Map<string, StoredPreview>();
  private readonly jobs: JobManager;
  private readonly log: (message: string) => void;
  private demoInFlight: Promise<string> | null = null;
  private readonly clock: Clock;
  /** Schedule configs and run records, shared with `backbeat schedule run`. */
  private readonly scheduleDir: string;
  private readonly schedules: ServiceScheduler;
  disposed = false;

  constructor(private readonly options: ServiceOptions) {
    this.log = options.log ?? ((m) => process.stderr.write(`backbeat: ${m}\n`));
    const loaded = loadSettings(options.dataDir);
    if (loaded.warning) this.log(loaded.warning);
    this.settings = loaded.settings;
    this.jobs = new JobManager({ onChange: (job) => this.emit({ type: 'job', job }) });
    this.clock = options.clock ?? systemClock;
    this.scheduleDir = scheduleStateDir(options.dataDir);
    this.schedules = new ServiceScheduler({
      stateDir: this.scheduleDir,
      appVersion: options.appVersion,
      clock: this.clock,
      timers: options.timers ?? systemTimers,
      checkIntervalMs: options.scheduleCheckIntervalMs,
      jobs: this.jobs,
      emit: (event) => this.emit(event),
      log: this.log,
      readConfig: (libraryPath) => readScheduleConfig(this.scheduleDir, libraryPath),
    });
    // What killed jobs of earlier runs left in the temp folder (only dead owners' files).
    void sweepTempLeftovers();
    // Starts nothing unless the current library has a schedule that is switched on.
    void this.schedules.refresh(this.scheduleTarget());
  }

  // ---- plumbing -----------------------------------------------------------------

  emit(event: BackbeatEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // One broken subscriber (a closed window) must not starve the others.
      }
    }
  }

  onEvent(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  notifyWake(): void {
    if (!this.disposed) this.schedules.notifyWake();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    // No scheduled backup may start once the running jobs are being cancelled.
    this.schedules.stop();
    await this.jobs.cancelAll();
    await this.schedules.settled();
    this.listeners.clear();
    this.previews.clear();
  }

  private updateSettings(change: Partial<AppSettings>): void {
    const next = { ...this.settings, ...change };
    saveSettings(this.options.dataDir, next);
    this.settings = next;
  }

  /** The library and backup folder scheduled backups are for; null without a library. */
  private scheduleTarget(): ScheduleTarget | null {
    const libraryPath = this.settings.libraryPath;
    if (!libraryPath) return null;
    return { libraryPath, backupDir: resolveBackupDir(libraryPath, this.settings.backupDir) };
  }

  /** The current library's saved schedule, as the OS timer would run it. */
  private async osTimerTarget(): Promise<OsTimerTarget> {
    const libraryPath = this.requireLibrary();
    const config = await readConfigTolerant(this.scheduleDir, libraryPath, this.log);
    return { libraryPath, dataDir: this.options.dataDir, config };
  }

  private requireLibrary(): string {
    if (!this.settings.libraryPath) throw noLibrary();
    return this.settings.libraryPath;
  }

  private backupDir(): string {
    if (this.settings.libraryPath)
      return resolveBackupDir(this.settings.libraryPath, this.settings.backupDir);
    if (this.settings.backupDir) return this.settings.backupDir;
    throw noLibrary();
  }

  private async findBackup(backupDir: string, id: string): Promise<BackupListEntry> {
    const entry = (await listBackups(backupDir)).find((e) => e.id === id);
    if (!entry) {
      throw new ContractError(
        'not-found',
        `There is no backup ${id} in ${backupDir}. It may have been deleted; refresh the list.`,
      );
    }
    return entry;
  }

  private refuseWhileMutating(): void {
    const busy = this.jobs.active(MUTATING_JOBS)[0];
    if (busy) {
      throw new ContractError(
        'busy',
        `"${busy.title}" is still running. Wait for it to finish, then try again.`,
      );
    }
  }

  private async overview(): Promise<LibraryOverview> {
    const settings = { ...this.settings };
    const library = settings.libraryPath;
    if (!library) {
      const dir = settings.backupDir;
      return {
        settings,
        stats: null,
        libraryError: null,
        backupDir: dir,
        backupDirFreeBytes: dir ? await freeBytes(dir) : null,
        backupDirSameDisk: false,
        newestBackup: null,
        backupCount: 0,
      };
    }
    let stats: LibraryStats | null = null;
    let libraryError: string | null = null;
    try {
      // With variant A's failures from Backbeat's state folder, as the CLI's `stats` shows them.
      stats = await readStatsWithFailuresAsync(library, rescanStateDir(this.options.dataDir), {
        busyTimeoutMs: OVERVIEW_BUSY_TIMEOUT_MS,
      });
    } catch (err) {
      libraryError = asContractError('getOverview', err).message;
    }
    const dir = resolveBackupDir(library, settings.backupDir);
    let backups: BackupListEntry[] = [];
    try {
      backups = await listBackups(dir);
    } catch (err) {
      this.log(`Could not list the backups in ${dir}: ${(err as Error).message}`);
    }
    return {
      settings,
      stats,
      libraryError,
      backupDir: dir,
      backupDirFreeBytes: await freeBytes(dir),
      backupDirSameDisk: await sameDisk(library, dir),
      newestBackup: backups.find((b) => b.status === 'ok') ?? null,
      backupCount: backups.length,
      health: await overviewHealth(this.scheduleDir, library, dir, backups, this.clock.now(), this.log),
    };
  }

  private storePreview(summary: RestorePreviewSummary, changes: TrackChange[]): void {
    this.previews.set(summary.previewId, { summary, changes, lastFilter: null });
    while (this.previews.size > PREVIEWS_KEPT) {
      const oldest = this.previews.keys().next().value;
      if (oldest === undefined) break;
      this.previews.delete(oldest);
    }
  }

  private async makeDemoLibrary(tracks: number | undefined): Promise<string> {
    const dir = demoLibraryDir(this.options.dataDir);
    const file = path.join(dir, 'library.db');
    if (fs.existsSync(file)) return file;
    let failure: unknown = null;
    const job = this.jobs.start('demo', 'Creating the demo library', async () => {
      try {
        await fs.promises.mkdir(dir, { recursive: true });
        return await createDemoLibrary(dir, tracks === undefined ? {} : { tracks });
      } catch (err) {
        failure = err;
        throw err;
      }
    });
    const end = await this.jobs.wait(job.id);
    if (end.state !== 'succeeded')
      throw failure ?? new ContractError('io', end.error ?? 'The demo library failed.');
    return file;
  }

  private startCleanupJob(keep: number, allowZero: boolean | undefined): JobInfo {
    const libraryPath = this.settings.libraryPath;
    const backupDir = this.backupDir();
    // The same refusals as before it became a job, before it shows in Activity.
    checkKeep({ keep, ...(allowZero !== undefined ? { allowZero } : {}) });
    this.refuseWhileMutating();
    return this.jobs.start(
      'cleanup',
      `${CLEANUP_TITLE} (keep ${keep})`,
      async (ctx) => {
        try {
          return await cleanupOperation(libraryPath, backupDir, {
            keep,
            dryRun: false,
            ...(allowZero !== undefined ? { allowZero } : {}),
            ctx,
          });
        } finally {
          this.emit({ type: 'backups-changed' });
        }
      },
      cleanupVerdict,
    );
  }

  private async startRetentionJob(policy: RetentionPolicy | undefined): Promise<JobInfo> {
    const libraryPath = this.settings.libraryPath;
    const backupDir = this.backupDir();
    const chosen = policy ?? (await savedRetentionPolicy(this.scheduleDir, libraryPath));
    this.refuseWhileMutating();
    return this.jobs.start(
      'cleanup',
      RETENTION_TITLE,
      async (ctx) => {
        try {
          return await retentionOperation(libraryPath, backupDir, chosen, {
            dryRun: false,
            now: this.clock.now(),
            ctx,
          });
        } finally {
          this.emit({ type: 'backups-changed' });
        }
      },
      cleanupVerdict,
    );
  }

  /** The result of a job started for a method that answers with it; its error as a ContractError. */
  private async awaitJob<T>(job: JobInfo): Promise<T> {
    const end = await this.jobs.wait(job.id);
    if (end.state === 'succeeded' || end.state === 'partial') return end.result as T;
    throw new ContractError(
      end.state === 'cancelled' ? 'cancelled' : 'io',
      end.error ?? `${end.title} failed.`,
    );
  }

  // ---- the contract -------------------------------------------------------------

  readonly handlers: Handlers = {
    // Read at call time: class fields are set up before the constructor's parameters.
    ...repositoryHandlers(() => ({
      dataDir: this.options.dataDir,
      env: process.env,
      requireLibrary: () => this.requireLibrary(),
      refuseWhileMutating: () => this.refuseWhileMutating(),
      startJob: (kind, title, run) => this.jobs.start(kind, title, run),
      ...(this.options.repoPassword ? { password: this.options.repoPassword } : {}),
    })),
    ...destinationHandlers(() => ({
      dataDir: this.options.dataDir,
      env: process.env,
      requireLibrary: () => this.requireLibrary(),
      libraryOrNull: () => this.settings.libraryPath ?? null,
      startJob: (kind, title, run) => this.jobs.start(kind, title, run),
      ...(this.options.repoPassword ? { password: this.options.repoPassword } : {}),
    })),
    getAppInfo: async () => ({
      version: this.options.appVersion,
      mode: this.options.mode,
      dataDir: this.options.dataDir,
      nativeDialogs: this.options.dialogs !== undefined,
    }),

    getSettings: async () => ({ ...this.settings }),

    setLibrary: async ({ path: raw }) => {
      refuseRelative(raw, 'library');
      // Kept as its real path: a symlink and its target are one library (lock, schedule...).
      const libraryPath = realPathOf(raw);
      // Throws a clear error (missing, not SQLite, locked) before anything is remembered.
      await readLibraryStats(libraryPath, { busyTimeoutMs: OVERVIEW_BUSY_TIMEOUT_MS });
      this.updateSettings({ libraryPath });
      await this.schedules.refresh(this.scheduleTarget());
      this.emit({ type: 'library-changed' });
      return this.overview();
    },

    setBackupDir: async ({ path: raw }) => {
      if (raw !== null) refuseRelative(raw, 'backup folder');
      const backupDir = raw === null ? null : path.resolve(raw);
      if (backupDir !== null && fs.existsSync(backupDir) && !fs.statSync(backupDir).isDirectory()) {
        throw new ContractError(
          'bad-arguments',
          `${backupDir} is a file, not a folder. Choose a folder for backups.`,
        );
      }
      // A read-only disk, a pseudo file system (/proc)...: said now, not at the first backup.
      if (backupDir !== null) await checkBackupFolder(backupDir);
      this.updateSettings({ backupDir });
      if (this.settings.libraryPath) {
        await syncConfigBackupDir(this.scheduleDir, this.settings.libraryPath, backupDir, this.log);
      }
      await this.schedules.refresh(this.scheduleTarget());
      this.emit({ type: 'backups-changed' });
      return this.overview();
    },

    chooseLibraryFile: async () => ({ path: (await this.options.dialogs?.chooseLibraryFile()) ?? null }),

    chooseBackupDir: async () => ({ path: (await this.options.dialogs?.chooseBackupDir()) ?? null }),

    createDemoLibrary: async ({ tracks }) => {
      // Two quick clicks must not race to write the same file.
      this.demoInFlight ??= this.makeDemoLibrary(tracks).finally(() => {
        this.demoInFlight = null;
      });
      const libraryPath = await this.demoInFlight;
      await readLibraryStats(libraryPath, { busyTimeoutMs: OVERVIEW_BUSY_TIMEOUT_MS });
      this.updateSettings({ libraryPath });
      await this.schedules.refresh(this.scheduleTarget());
      this.emit({ type: 'library-changed' });
      return this.overview();
    },

    getOverview: async () => this.overview(),

    listBackups: async () => listBackups(this.backupDir()),

    getBackup: async ({ id }) => this.findBackup(this.backupDir(), id),

    startBackup: async ({ name }) => {
      const libraryPath = this.requireLibrary();
      const backupDir = this.backupDir();
      this.refuseWhileMutating();
      const title = name ? `Backing up as "${name}"` : 'Backing up the library';
      const job = this.jobs.start('backup', title, async (ctx) => {
        const meta = await backupOperation({
          libraryPath,
          backupDir,
          ...(name !== undefined ? { name } : {}),
          trigger: 'manual',
          appVersion: this.options.appVersion,
          ctx,
        });
        this.emit({ type: 'backups-changed' });
        return meta;
      });
      return { jobId: job.id };
    },

    startVerify: async ({ id }) => {
      const backupDir = this.backupDir();
      const entry = await this.findBackup(backupDir, id);
      const job = this.jobs.start('verify', `Verifying ${entry.name ?? entry.id}`, async (ctx) => {
        try {
          return await verifyOperation(backupDir, id, ctx);
        } finally {
          // The outcome is recorded in the backup's metadata.
          this.emit({ type: 'backups-changed' });
        }
      });
      return { jobId: job.id };
    },

    startVerifyAll: async () => {
      const backupDir = this.backupDir();
      const job = this.jobs.start(
        'verify',
        'Verifying every backup',
        async (ctx) => {
          try {
            return await verifyAllBackups(backupDir, ctx);
          } finally {
            // Each outcome is recorded in its backup's metadata.
            this.emit({ type: 'backups-changed' });
          }
        },
        verifyAllVerdict,
      );
      return { jobId: job.id };
    },

    startRestorePreview: async ({ id, include, undo }) => {
      const libraryPath = this.requireLibrary();
      const backupDir = this.backupDir();
      const entry = await this.findBackup(backupDir, id);
      const job = this.jobs.start(
        'restore-preview',
        `Comparing ${entry.name ?? entry.id} with the library`,
        async (ctx) => {
          const preview = await previewOperation({
            libraryPath,
            backupDir,
            id,
            ctx,
            ...(include !== undefined ? { include } : {}),
            ...(undo !== undefined ? { undo } : {}),
          });
          const summary: RestorePreviewSummary = {
            ...preview.summary,
            previewId: `preview-${crypto.randomUUID()}`,
          };
          this.storePreview(summary, preview.changes);
          return summary;
        },
      );
      return { jobId: job.id };
    },

    getRestorePreviewPage: async ({ previewId, offset, limit, filter, kinds }) => {
      const stored = this.previews.get(previewId);
      if (!stored) {
        throw new ContractError('not-found', 'That restore preview has expired. Preview the restore again.');
      }
      const text = (filter ?? '').trim().toLowerCase();
      const kindSet = kinds === undefined ? null : new Set(kinds);
      // One key for the text and the kinds: paging through one filtered list filters once.
      const needle = kindSet === null ? text : `${[...kindSet].sort().join(',')}|${text}`;
      let items = stored.changes;
      if (needle) {
        if (stored.lastFilter?.needle !== needle) {
          stored.lastFilter = {
            needle,
            items: stored.changes.filter(
              (c) => (kindSet === null || kindSet.has(c.kind)) && (!text || matchesFilter(c, text)),
            ),
          };
        }
        items = stored.lastFilter.items;
      }
      const page: RestorePreviewPage = {
        previewId,
        total: items.length,
        offset,
        items: items.slice(offset, offset + limit),
      };
      return page;
    },

    startRestore: async ({ id, mode, include, undo, otherLibrary }) => {
      const libraryPath = this.requireLibrary();
      const backupDir = this.backupDir();
      const entry = await this.findBackup(backupDir, id);
      this.refuseWhileMutating();
      const verb =
        mode === 'replace'
          ? 'Replacing the library with'
          : undo
            ? 'Undoing the restore saved in'
            : 'Restoring analysis from';
      const job = this.jobs.start('restore', `${verb} ${entry.name ?? entry.id}`, async (ctx) => {
        try {
          return await restoreOperation({
            libraryPath,
            backupDir,
            id,
            mode,
            appVersion: this.options.appVersion,
            ctx,
            ...(include !== undefined ? { include } : {}),
            ...(undo !== undefined ? { undo } : {}),
            ...(otherLibrary !== undefined ? { otherLibrary } : {}),
          });
        } finally {
          // Even a failed restore may have left its safety backup behind.
          this.emit({ type: 'library-changed' });
          this.emit({ type: 'backups-changed' });
        }
      });
      return { jobId: job.id };
    },

    setPinned: async ({ id, pinned }) => {
      const meta = await setPinned(this.backupDir(), id, pinned);
      this.emit({ type: 'backups-changed' });
      return meta;
    },

    deleteBackup: async ({ id }) => {
      const backupDir = this.backupDir();
      await this.findBackup(backupDir, id);
      await deleteBackupOperation(this.settings.libraryPath, backupDir, id);
      this.emit({ type: 'backups-changed' });
      return { deleted: id };
    },

    cleanup: async ({ keep, dryRun, allowZero }) => {
      if (dryRun) return cleanupOperation(this.settings.libraryPath, this.backupDir(), { keep, dryRun });
      // Deleting is a job like the others, whichever method asked for it.
      return this.awaitJob(this.startCleanupJob(keep, allowZero));
    },

    startCleanup: async ({ keep, allowZero }) => ({ jobId: this.startCleanupJob(keep, allowZero).id }),

    listJobs: async () => this.jobs.list(),

    cancelJob: async ({ jobId }) => ({ cancelled: this.jobs.cancel(jobId) }),

    getRescanPlan: async ({ mode, retryFailed, limit }) =>
      rescanPlanView({
        libraryPath: this.requireLibrary(),
        stateDir: rescanStateDir(this.options.dataDir),
        mode,
        retryFailed,
        limit,
      }),

    startRescan: async ({ mode, confirm, retryFailed, limit, workers }) => {
      const libraryPath = this.requireLibrary();
      const backupDir = this.backupDir();
      checkForceConfirmation(mode, confirm);
      this.refuseWhileMutating();
      // No audio at all (an unplugged drive): refused here, before a job or a safety backup.
      refuseBlockedPlan(
        await rescanPlanView({
          libraryPath,
          stateDir: rescanStateDir(this.options.dataDir),
          mode,
          retryFailed,
          limit,
        }),
      );
      this.refuseWhileMutating();
      // Read before the job starts: a damaged schedule file only turns the tiers off.
      const tiers = await savedProgressTiers(this.scheduleDir, libraryPath, this.log);
      const title = mode === 'force' ? 'Rescan (force)' : 'Rescan (safe)';
      const job = this.jobs.start(
        'rescan',
        title,
        async (ctx) => {
          try {
            const summary = await rescanOperation({
              libraryPath,
              backupDir,
              stateDir: rescanStateDir(this.options.dataDir),
              mode,
              ...(confirm !== undefined ? { confirm } : {}),
              ...(retryFailed !== undefined ? { retryFailed } : {}),
              ...(limit !== undefined ? { limit } : {}),
              ...(workers !== undefined ? { workers } : {}),
              appVersion: this.options.appVersion,
              ctx,
              ...(tiers
                ? {
                    onBatchCommitted: progressBackupHook({
                      libraryPath,
                      backupDir,
                      appVersion: this.options.appVersion,
                      tiers,
                      ctx,
                      onBackup: () => this.emit({ type: 'backups-changed' }),
                      log: this.log,
                    }),
                  }
                : {}),
            });
            // A cancelled scan returns normally (it keeps what it finished); the job must still read as cancelled.
            if (summary.cancelled) throw rescanCancelled(summary);
            return rescanSummaryView(summary);
          } finally {
            // Finished batches are written even when the scan fails or is cancelled.
            this.emit({ type: 'library-changed' });
            if (mode === 'force') this.emit({ type: 'backups-changed' });
          }
        },
        rescanVerdict,
      );
      return { jobId: job.id };
    },

    getSchedule: async () => {
      const facts = await readScheduleFacts(this.scheduleDir, this.requireLibrary(), this.backupDir());
      return scheduleView(facts, this.clock.now());
    },

    setSchedule: async (args) => {
      const libraryPath = this.requireLibrary();
      // A damaged file is what this call replaces, so it does not stand in the way.
      const existing = await readConfigTolerant(this.scheduleDir, libraryPath, this.log);
      const config = scheduleConfigFrom(libraryPath, this.settings.backupDir, args, existing);
      await writeScheduleConfig(this.scheduleDir, config);
      await this.schedules.refresh(this.scheduleTarget());
      const facts = await readScheduleFacts(this.scheduleDir, libraryPath, this.backupDir());
      return scheduleView(facts, this.clock.now());
    },

    previewRetention: async ({ policy }) => {
      const backupDir = this.backupDir();
      const chosen = policy ?? (await savedRetentionPolicy(this.scheduleDir, this.settings.libraryPath));
      return planRetention(await listBackups(backupDir), chosen, this.clock.now());
    },

    applyRetention: async ({ policy, dryRun }) => {
      if (!dryRun) return this.awaitJob(await this.startRetentionJob(policy));
      const chosen = policy ?? (await savedRetentionPolicy(this.scheduleDir, this.settings.libraryPath));
      return retentionOperation(this.settings.libraryPath, this.backupDir(), chosen, {
        dryRun,
        now: this.clock.now(),
      });
    },

    startRetention: async ({ policy }) => ({ jobId: (await this.startRetentionJob(policy)).id }),

    getStatus: async () => {
      const facts = await readScheduleFacts(this.scheduleDir, this.requireLibrary(), this.backupDir());
      return statusOf(facts, this.clock.now());
    },

    getOsTimer: async () => osTimerView(this.options.osTimer ?? null, await this.osTimerTarget()),

    installOsTimer: async () => installTimer(this.options.osTimer ?? null, await this.osTimerTarget()),

    uninstallOsTimer: async () => uninstallTimer(this.options.osTimer ?? null, await this.osTimerTarget()),
  };
}

/**
 * Builds the service. Every method parses its own (untrusted) argument first, and
 * anything thrown that is not already a ContractError becomes one with a sentence.
 */
export function createBackbeatService(options: ServiceOptions): BackbeatService {
  const service = new Service(options);
  const api: Partial<Record<MethodName, (raw: unknown) => Promise<unknown>>> = {};
  for (const method of METHOD_NAMES) {
    const handler = service.handlers[method] as (args: unknown) => Promise<unknown>;
    api[method] = async (raw: unknown) => {
      if (service.disposed) throw new ContractError('internal', 'Backbeat is shutting down.');
      const args = parseArgs(method, raw);
      try {
        return await handler(args);
      } catch (err) {
        throw asContractError(method, err);
      }
    };
  }
  return {
    ...(api as BackbeatApi),
    onEvent: (listener) => service.onEvent(listener),
    dispose: () => service.dispose(),
    notifyWake: () => service.notifyWake(),
  };
}
