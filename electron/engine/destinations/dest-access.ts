// Everything needed to run restic against one destination: where it is, its extended
// options, its password and the credentials restic reads from its environment. Also
// the sentences for a destination's failures (restic's own name the wrong thing:
// "repo init" is not the fix for a copy that vanished).
import { ContractError } from '../../../shared/errors';
import type { DestinationConfig } from '../repository/repo-config';
import { checkPasswordFile, type RepoPassword } from '../repository/repo-password';
import type { ResticBinary } from '../repository/restic-discovery';
import { ResticExitError, type RepoAccess, type RunOptions } from '../repository/restic-runner';
import { readCredentialsFile } from './credentials';
import type { SecretStore } from '../secrets/secret-store';
import { storedDestCredentials, storedDestPassword } from '../secrets/stored-secrets';
import { parseLocation, type ParsedLocation } from './location';

export interface DestAccess {
  name: string;
  parsed: ParsedLocation;
  access: RepoAccess;
  /** The credentials file's variables (never logged), for every run against it. */
  env: Record<string, string>;
  /** `-o key=value` pairs, given before the command. */
  optionArgs: string[];
}

const OPTION = /^[a-z0-9]+\.[a-z0-9._-]+=.*$/i;

export function checkOption(option: string): string {
  if (!OPTION.test(option)) {
    throw new ContractError(
      'bad-arguments',
      `"${option}" is not a restic option; give it as name.key=value (e.g. sftp.command=...).`,
    );
  }
  if (/pass|secret|token/i.test(option.split('=')[0]!)) {
    throw new ContractError(
      'bad-arguments',
      'Options are stored in the settings, so they must not hold secrets; put them in a credentials file (--credentials-file).',
    );
  }
  return option;
}

export async function destAccess(
  restic: ResticBinary,
  dest: Pick<DestinationConfig, 'name' | 'location' | 'options' | 'credentialsFile' | 'passwordFile'>,
  fallbackPassword: () => Promise<RepoPassword>,
  passwordOverride?: string,
  secrets?: SecretStore,
): Promise<DestAccess> {
  const parsed = parseLocation(dest.location);
  // A credentials file named for the destination wins; else what the app keeps for it.
  const env = dest.credentialsFile
    ? readCredentialsFile(dest.credentialsFile)
    : ((secrets ? await storedDestCredentials(secrets, dest.name) : null) ?? {});
  const passwordFile = passwordOverride ?? dest.passwordFile;
  const password = passwordFile
    ? checkPasswordFile(passwordFile)
    : ((secrets ? await storedDestPassword(secrets, dest.name) : null) ?? (await fallbackPassword()));
  return {
    name: dest.name,
    parsed,
    access: { restic, repo: parsed.location, password },
    env,
    optionArgs: dest.options.flatMap((o) => ['-o', o]),
  };
}

export function runOptions(d: DestAccess, extra: RunOptions = {}): RunOptions {
  return { ...extra, env: { ...d.env, ...(extra.env ?? {}) } };
}

/**
 * How a full destination shows in restic's words: a folder's ENOSPC, a REST server's
 * 507 Insufficient Storage, an SFTP or S3 server's quota.
 */
const FULL = /no space left on device|insufficient storage|quota exceeded|disk quota|ENOSPC|storage is full/i;

/**
 * A destination's restic failure, reworded to say which destination and that nothing
 * local changed. `resumable`: the failed job was a copy or recovery, which the next run
 * continues; a check or prune has nothing to pick up, so it does not say so.
 */
export function destinationError(d: DestAccess, err: unknown, { resumable = true } = {}): unknown {
  if (!(err instanceof ResticExitError)) return err;
  const who = `destination "${d.name}" (${d.parsed.location})`;
  switch (err.exitCode) {
    case 10:
      return new ContractError(
        'not-found',
        `There is no restic repository at ${who}: was it emptied or replaced? Nothing local was changed. Remove it and add it again with "backbeat dest add".`,
      );
    case 12:
      return new ContractError(
        'bad-arguments',
        `Wrong password for ${who}. Give its password with --dest-password-file FILE. Nothing was changed.`,
      );
    case 11:
    case 130:
      return err;
    default:
      if (err.diskFull || FULL.test(err.message)) {
        return new ContractError(
          'io',
          `The ${who} is full: restic could not store more there. Nothing local was changed. Free some space there (or remove old snapshots with "backbeat dest prune ${d.name}"), then copy again: it picks up where this one stopped.`,
        );
      }
      return new ContractError(
        'io',
        `Could not use ${who}: ${err.message.replace(/^restic failed \(exit code \d+\): /, '').replace(/\.$/, '')}. Nothing local was changed${resumable ? '; the next copy picks up where this one stopped' : ''}.`,
      );
  }
}
