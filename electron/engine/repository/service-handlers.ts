// The repository's part of the contract, for service.ts to spread into its handlers:
// each method builds the current library's scope and calls the use case the CLI calls.
//
// The password: BACKBEAT_REPO_PASSWORD_FILE (refused when others can read it) always
// wins; then the desktop app's secret store (safeStorage), else the password file the
// user chose in the app; `password` can be injected so tests supply their own.
import { ContractError } from '../../../shared/errors';
import type { MethodArgs, MethodResult } from '../../../shared/contract';
import type { JobInfo } from '../../../shared/types';
import type { JobContext } from '../runtime/progress';
import {
  addFolder,
  diffOperation,
  filesOperation,
  initRepository,
  searchFilesOperation,
  listSnapshotsOperation,
  removeFolder,
  repositoryView,
  snapshotOperation,
  type RepoScope,
} from './operations';
import { findRestic } from './restic-discovery';
import { checkOperation } from './check';
import { forgetCrosschecks, keptCrosscheck } from './crosscheck';
import { exportOperation } from './export';
import { readLastCheck } from './last-check';
import { applyRestoreFiles, previewRestoreFiles } from './restore-files';
import { checkPasswordFile, PASSWORD_FILE_ENV, passwordFileFrom, type RepoPassword } from './repo-password';
import { checkRepoPassword } from './password-check';
import { readPasswordFileChoice } from '../secrets/password-file-choice';
import type { SecretStore } from '../secrets/secret-store';
import { storedRepoPassword } from '../secrets/stored-secrets';

type RepoMethod =
  | 'getRepository'
  | 'initRepository'
  | 'addRepositoryFolder'
  | 'removeRepositoryFolder'
  | 'startSnapshot'
  | 'listSnapshots'
  | 'getRepositoryReadiness'
  | 'listSnapshotFiles'
  | 'searchSnapshotFiles'
  | 'diffSnapshots'
  | 'startRepositoryCheck'
  | 'getLastRepositoryCheck'
  | 'previewRestoreFiles'
  | 'startRestoreFiles'
  | 'crosscheckLibrary'
  | 'startExport';

export type RepositoryHandlers = { [M in RepoMethod]: (args: MethodArgs<M>) => Promise<MethodResult<M>> };

export interface RepositoryHandlerDeps {
  dataDir: string;
  env: NodeJS.ProcessEnv;
  requireLibrary(): string;
  /** Refuses (ContractError busy) while a job that changes the library runs. */
  refuseWhileMutating(): void;
  startJob(
    kind: 'snapshot' | 'repo-check' | 'restore-files' | 'export',
    title: string,
    run: (ctx: JobContext) => Promise<unknown>,
  ): JobInfo;
  password?: () => Promise<RepoPassword>;
  /** The desktop app's secret store; without it the password comes from BACKBEAT_REPO_PASSWORD_FILE only. */
  secrets?: SecretStore;
}

/** The password from BACKBEAT_REPO_PASSWORD_FILE, or an error that says how to give one. */
export function envPassword(env: NodeJS.ProcessEnv): () => Promise<RepoPassword> {
  return async () => {
    const fromFile = passwordFileFrom(undefined, env);
    if (fromFile) return fromFile;
    throw new ContractError(
      'not-applicable',
      `No repository password: set ${PASSWORD_FILE_ENV} to a file only you can read (chmod 600) that holds it.`,
    );
  };
}

/** Injected, else BACKBEAT_REPO_PASSWORD_FILE then the app's secret store, else the file only. */
export function repoPasswordOf(
  deps: Pick<RepositoryHandlerDeps, 'password' | 'secrets' | 'env' | 'dataDir'>,
): () => Promise<RepoPassword> {
  if (deps.password) return deps.password;
  if (deps.secrets) return storedRepoPassword(deps.env, deps.secrets, deps.dataDir);
  const fromEnv = envPassword(deps.env);
  // Browser mode: BACKBEAT_REPO_PASSWORD_FILE, else the password file chosen in the app.
  return async () => {
    if (deps.env[PASSWORD_FILE_ENV]) return fromEnv();
    const chosen = readPasswordFileChoice(deps.dataDir);
    return chosen ? checkPasswordFile(chosen) : fromEnv();
  };
}

/** What the app can take as the repository password (see RepositoryReadiness.passwordInput). */
function passwordInputOf(
  deps: Pick<RepositoryHandlerDeps, 'password' | 'secrets' | 'env'>,
): MethodResult<'getRepositoryReadiness'>['passwordInput'] {
  if (deps.password || deps.env[PASSWORD_FILE_ENV]) return 'none';
  return deps.secrets?.availability().ok ? 'password' : 'password-file';
}

/** The library whose repository a password is checked against, or null when none is open. */
function libraryOrNull(deps: RepositoryHandlerDeps): string | null {
  try {
    return deps.requireLibrary();
  } catch {
    return null;
  }
}

/** The current library's repository scope (the destinations' handlers build theirs on it). */
export function repoScopeOf(
  deps: Pick<RepositoryHandlerDeps, 'password' | 'secrets' | 'env' | 'dataDir' | 'requireLibrary'>,
  repo?: string,
): RepoScope {
  return {
    dataDir: deps.dataDir,
    libraryPath: deps.requireLibrary(),
    env: deps.env,
    password: repoPasswordOf(deps),
    ...(deps.secrets ? { secrets: deps.secrets } : {}),
    ...(repo !== undefined ? { repo } : {}),
  };
}

export function repositoryHandlers(getDeps: () => RepositoryHandlerDeps): RepositoryHandlers {
  const scope = (repo?: string): RepoScope => repoScopeOf(getDeps(), repo);
  return {
    getRepository: async () => repositoryView(scope()),
    initRepository: async ({ repo }) => initRepository(scope(repo)),
    addRepositoryFolder: async ({ path, excludes }) => addFolder(scope(), path, excludes ?? []),
    removeRepositoryFolder: async ({ path }) => removeFolder(scope(), path),
    startSnapshot: async ({ name }) => {
      const s = scope();
      const deps = getDeps();
      deps.refuseWhileMutating();
      const title = name ? `Snapshot "${name}"` : 'Snapshot of the library and its audio';
      const job = deps.startJob('snapshot', title, (ctx) =>
        snapshotOperation(s, { ...(name !== undefined ? { name } : {}), trigger: 'manual', ctx }),
      );
      return { jobId: job.id };
    },
    listSnapshots: async () => listSnapshotsOperation(scope()),
    getRepositoryReadiness: async () => {
      const deps = getDeps();
      const sentence = (err: unknown) =>
        err instanceof ContractError ? err.message : 'Backbeat could not check this.';
      let restic: MethodResult<'getRepositoryReadiness'>['restic'];
      try {
        const found = await findRestic(deps.env);
        restic = { ok: true, version: found.version, path: found.path };
      } catch (err) {
        restic = { ok: false, problem: sentence(err) };
      }
      const passwordInput = passwordInputOf(deps);
      let password: MethodResult<'getRepositoryReadiness'>['password'];
      try {
        const given = await repoPasswordOf(deps)();
        password = { ok: true };
        const libraryPath = restic.ok ? libraryOrNull(deps) : null;
        if (libraryPath) {
          const { repo, verdict } = await checkRepoPassword({ ...deps, libraryPath }, given);
          if (verdict === 'wrong') {
            password = {
              ok: false,
              wrong: true,
              problem:
                passwordInput === 'none'
                  ? `The password in ${PASSWORD_FILE_ENV} does not open the repository at ${repo}.`
                  : `The password Backbeat has does not open the repository at ${repo}.`,
            };
          }
        }
      } catch (err) {
        password = { ok: false, problem: sentence(err) };
      }
      return { restic, password, passwordInput };
    },
    listSnapshotFiles: async ({ snapshot, path }) => filesOperation(scope(), snapshot, path),
    searchSnapshotFiles: async ({ snapshot, query, limit }) =>
      searchFilesOperation(scope(), snapshot, query, limit ?? 1000),
    diffSnapshots: async ({ from, to }) => diffOperation(scope(), from, to),
    startRepositoryCheck: async ({ readDataPercent }) => {
      const s = scope();
      const title =
        readDataPercent === undefined
          ? 'Check of the repository'
          : `Check of the repository and ${readDataPercent}% of its data`;
      const job = getDeps().startJob('repo-check', title, (ctx) =>
        checkOperation(s, { ...(readDataPercent !== undefined ? { readDataPercent } : {}), ctx }),
      );
      return { jobId: job.id };
    },
    previewRestoreFiles: async ({ snapshot, ...sel }) => previewRestoreFiles(scope(), snapshot, sel),
    startRestoreFiles: async ({ snapshot, ...sel }) => {
      const s = scope();
      const deps = getDeps();
      deps.refuseWhileMutating();
      // Files written (or moved aside) on disk: a kept cross-check no longer says what is there.
      const job = deps.startJob('restore-files', `Restore of files from snapshot ${snapshot}`, (ctx) =>
        applyRestoreFiles(s, snapshot, sel, ctx).finally(forgetCrosschecks),
      );
      return { jobId: job.id };
    },
    crosscheckLibrary: async ({ fresh }) => keptCrosscheck(scope(), fresh === true),
    startExport: async ({ snapshot, path, out }) => {
      const s = scope();
      const title = `Export of snapshot ${snapshot}${path ? ` (${path})` : ''}`;
      const job = getDeps().startJob('export', title, (ctx) =>
        exportOperation(s, { ref: snapshot, ...(path !== undefined ? { path } : {}), out, ctx }),
      );
      return { jobId: job.id };
    },
    getLastRepositoryCheck: async () => {
      const deps = getDeps();
      return readLastCheck(deps.dataDir, deps.requireLibrary());
    },
  };
}
