// The destinations' part of the contract, for service.ts to spread into its handlers:
// each method builds the current library's scope and calls the use case the CLI calls.
// Passwords and credentials come as they do for the repository (service-handlers.ts
// in repository/): injected, else the private files named in the environment; a
// destination keeps only the path of its credentials file.
import path from 'node:path';
import type { MethodArgs, MethodResult } from '../../../shared/contract';
import { ContractError } from '../../../shared/errors';
import type { JobInfo } from '../../../shared/types';
import type { JobContext } from '../runtime/progress';
import { repoPasswordOf, repoScopeOf } from '../repository/service-handlers';
import type { SecretStore } from '../secrets/secret-store';
import { forgetDestSecrets } from '../secrets/stored-secrets';
import type { RepoPassword } from '../repository/repo-password';
import { checkDestinationOperation } from './check';
import { copyUnderLock } from './copy-under-lock';
import { DEST_PASSWORD_FILE_ENV } from './credentials';
import {
  addDestination,
  findDestination,
  listDestinations,
  removeDestination,
  setDestinationSchedule,
  testDestination,
  type DestScope,
} from './operations';
import { forgetPolicyArgs, pruneDestinationOperation } from './prune';
import { recoverOperation } from './recover';
import { parsePolicy } from '../retention/parse-policy';

type DestMethod =
  | 'listDestinations'
  | 'addDestination'
  | 'removeDestination'
  | 'testDestination'
  | 'startCopy'
  | 'startDestinationCheck'
  | 'setDestinationSchedule'
  | 'startDestinationPrune'
  | 'startRecover';

export type DestinationHandlers = { [M in DestMethod]: (args: MethodArgs<M>) => Promise<MethodResult<M>> };

export interface DestinationHandlerDeps {
  dataDir: string;
  env: NodeJS.ProcessEnv;
  requireLibrary(): string;
  /** The current library, or null (recovery needs none: it may be what was lost). */
  libraryOrNull(): string | null;
  startJob(
    kind: 'copy' | 'recover' | 'repo-check' | 'dest-prune',
    title: string,
    run: (ctx: JobContext) => Promise<unknown>,
  ): JobInfo;
  password?: () => Promise<RepoPassword>;
  /** The desktop app's secret store (repository and destination secrets). */
  secrets?: SecretStore;
  /** After a destination was added or removed (the app's copy loop follows). */
  destinationsChanged?(): Promise<void>;
}

export function destinationHandlers(getDeps: () => DestinationHandlerDeps): DestinationHandlers {
  const scope = (): DestScope => {
    const deps = getDeps();
    const destPasswordFile = deps.env[DEST_PASSWORD_FILE_ENV];
    return { ...repoScopeOf(deps), ...(destPasswordFile ? { destPasswordFile } : {}) };
  };
  return {
    listDestinations: async () => listDestinations(scope()),
    addDestination: async ({ name, location, options, credentialsFile }) => {
      if (!/^[a-z0-9]+:/i.test(location) && !path.isAbsolute(location)) {
        throw new ContractError(
          'bad-arguments',
          `A folder destination must be an absolute path, not "${location}".`,
        );
      }
      const added = await addDestination(scope(), {
        name,
        location,
        ...(options ? { options } : {}),
        ...(credentialsFile ? { credentialsFile } : {}),
      });
      await getDeps().destinationsChanged?.();
      return added;
    },
    removeDestination: async ({ name }) => {
      const removed = await removeDestination(scope(), name);
      // What the app kept for it goes too: a later destination of that name starts clean.
      const secrets = getDeps().secrets;
      if (secrets) await forgetDestSecrets(secrets, name);
      await getDeps().destinationsChanged?.();
      return removed;
    },
    testDestination: async ({ name }) => testDestination(scope(), name),
    startCopy: async ({ to }) => {
      const s = scope();
      const title = to === undefined ? 'Copy to every destination' : `Copy to destination "${to}"`;
      // Under the repository lock like every copy; a busy repository fails the job with the
      // holder's name and leaves the copy owed for the app's copy loop.
      const job = getDeps().startJob('copy', title, (ctx) =>
        copyUnderLock(s, { ...(to !== undefined ? { to } : {}), ctx }),
      );
      return { jobId: job.id };
    },
    startDestinationCheck: async ({ name, readDataPercent }) => {
      const s = scope();
      findDestination(s, name); // a wrong name is said at once, not as a failed job
      const job = getDeps().startJob('repo-check', `Check of destination "${name}"`, (ctx) =>
        checkDestinationOperation(s, {
          name,
          ...(readDataPercent !== undefined ? { readDataPercent } : {}),
          ctx,
        }),
      );
      return { jobId: job.id };
    },
    setDestinationSchedule: async ({ name, everyHours }) => setDestinationSchedule(scope(), name, everyHours),
    startDestinationPrune: async ({ name, policy, apply }) => {
      const s = scope();
      findDestination(s, name); // a wrong name or policy is said at once, not as a failed job
      const parsed = parsePolicy(policy);
      forgetPolicyArgs(parsed);
      const title = apply ? `Prune of destination "${name}"` : `Prune preview of destination "${name}"`;
      const job = getDeps().startJob('dest-prune', title, (ctx) =>
        pruneDestinationOperation(s, { name, policy: parsed, apply, ctx }),
      );
      return { jobId: job.id };
    },
    startRecover: async ({ from, to, snapshot, options, credentialsFile }) => {
      if (!path.isAbsolute(to)) {
        throw new ContractError('bad-arguments', `Recover into an absolute folder, not "${to}".`);
      }
      const deps = getDeps();
      const libraryPath = deps.libraryOrNull();
      const destPasswordFile = deps.env[DEST_PASSWORD_FILE_ENV];
      const job = deps.startJob('recover', `Recovery from "${from}"`, (ctx) =>
        recoverOperation(
          {
            dataDir: deps.dataDir,
            env: deps.env,
            password: repoPasswordOf(deps),
            ...(deps.secrets ? { secrets: deps.secrets } : {}),
            ...(libraryPath ? { libraryPath } : {}),
            ...(destPasswordFile ? { destPasswordFile } : {}),
          },
          {
            from,
            to,
            ...(snapshot !== undefined ? { snapshot } : {}),
            ...(options ? { options } : {}),
            ...(credentialsFile ? { credentialsFile } : {}),
            ctx,
          },
        ),
      );
      return { jobId: job.id };
    },
  };
}
