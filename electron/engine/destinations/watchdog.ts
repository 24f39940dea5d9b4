// restic retries a back end that stopped answering for many minutes (its own backoff),
// so a server that dies in the middle of a copy would hold the copy, and the
// repository's queue, for that long. The watchdog stops restic early, with a reason:
// - when restic reports a retry and the destination no longer takes a TCP connection
//   (or its disk is gone), at once: "could not reach";
// - when restic makes no progress at all for `idleMs` (a server that accepts and then
//   never answers), after that time;
// - when the server answers every store with an HTTP server error, SERVER_ERROR_LIMIT
//   times in a row with no progress between (a REST server whose disk is full answers
//   "500" and nothing more, and restic would retry it for many minutes). Counted in
//   answers, not in time, so a slow machine or a slow uplink changes nothing;
// - when restic's retry is for credentials the server refused (an S3 server's unknown
//   key or bad signature, access denied, HTTP 401/403), at once: restic retries those
//   too, for many minutes, and waiting changes nothing.
// restic is stopped through the run's signal (SIGINT, so it cleans up what it can);
// what it stored stays, and the next copy picks up from there.
// Every restic run against a destination goes through `watched` (the one step): copy,
// recovery, adding and testing one, its check and its prune.
import { ContractError } from '../../../shared/errors';
import { destinationError, type DestAccess } from './dest-access';
import type { ParsedLocation } from './location';
import { unreachableReason } from './reachability';

/** Ten minutes: restic stores packs of 16 MiB, which a slow uplink needs minutes for. */
export const DEFAULT_IDLE_MS = 10 * 60 * 1000;

/** restic's text when a back-end request failed and will be tried again. */
const RETRY_LINE = /returned error, retrying after/;
/** A retry because the server answered with an HTTP 5xx. */
const SERVER_ERROR_LINE = /returned error, retrying after .*unexpected HTTP response \((5\d\d)\)/;
/** A retry because the server refused the credentials (S3's words, or a REST server's 401/403). */
const REFUSED_LINE =
  /returned error, retrying after .*(Access Key Id you provided does not exist|InvalidAccessKeyId|signature we calculated does not match|SignatureDoesNotMatch|Access Denied|AccessDenied|unexpected HTTP response \((401|403)\))/i;
/** Server errors in a row, with no progress between, that stop the run. */
export const SERVER_ERROR_LIMIT = 4;

function idleText(ms: number): string {
  return ms >= 60_000 ? `${Math.round(ms / 60_000)} min` : `${Math.max(1, Math.round(ms / 1000))} s`;
}

export interface WatchdogOptions {
  /** null: no stop for lack of progress (a check or prune reports none while it works). */
  idleMs?: number | null;
  /** Why the destination cannot be reached, or null; tests may pass their own. */
  probe?: () => Promise<string | null>;
}

export interface Watchdog {
  /** Aborted when the caller cancels or when the watchdog stops restic. */
  signal: AbortSignal;
  /** Feed restic's stderr warnings here. */
  onWarning(line: string): void;
  /** Call when restic made progress (a pack stored, bytes restored). */
  progress(): void;
  /** The error to report when the watchdog stopped restic; null when it did not. */
  stopped(): ContractError | null;
  dispose(): void;
}

export function startWatchdog(
  name: string,
  /** What is under way, for the sentences: "copy", "recovery". */
  activity: string,
  loc: ParsedLocation,
  destOptions: readonly string[],
  parent: AbortSignal,
  o: WatchdogOptions = {},
): Watchdog {
  const idleMs = o.idleMs ?? DEFAULT_IDLE_MS;
  const probe = o.probe ?? (() => unreachableReason(loc, destOptions));
  const controller = new AbortController();
  let reason: ContractError | null = null;
  let probing = false;
  const stop = (err: ContractError): void => {
    if (reason || controller.signal.aborted) return;
    reason = err;
    controller.abort();
  };
  const onParent = (): void => controller.abort();
  if (parent.aborted) controller.abort();
  else parent.addEventListener('abort', onParent, { once: true });

  let serverErrors = 0;
  let idle: NodeJS.Timeout | null = null;
  const arm = (): void => {
    serverErrors = 0;
    if (idle) clearTimeout(idle);
    if (idleMs === null) return;
    idle = setTimeout(() => {
      stop(
        new ContractError(
          'io',
          `Destination "${name}" stopped answering: no progress for ${idleText(idleMs)}, so the ${activity} was stopped. Nothing local changed; ${activity === 'copy' ? 'the next copy picks up where this one stopped' : 'try again when it answers'}.`,
        ),
      );
    }, idleMs);
    idle.unref();
  };
  arm();

  return {
    signal: controller.signal,
    onWarning(line) {
      if (REFUSED_LINE.test(line)) {
        // The server's words are not repeated: some name the access key.
        stop(
          new ContractError(
            'bad-arguments',
            `Destination "${name}" refused the credentials it was given (an unknown key, a wrong secret or password, or no permission), so the ${activity} was stopped. Nothing local changed; correct the keys in its credentials file or environment, then try again.`,
          ),
        );
        return;
      }
      const status = SERVER_ERROR_LINE.exec(line)?.[1];
      if (status !== undefined && !reason && ++serverErrors >= SERVER_ERROR_LIMIT) {
        stop(
          new ContractError(
            'io',
            `Destination "${name}" refused to store data: its server answered HTTP ${status} to ${SERVER_ERROR_LIMIT} tries in a row, so the ${activity} was stopped. Its disk may be full, or the server has a problem; look at the server. Nothing local changed; ${activity === 'copy' ? 'the next copy picks up where this one stopped' : 'try again when it is fixed'}.`,
          ),
        );
        return;
      }
      if (!RETRY_LINE.test(line) || probing || reason) return;
      probing = true;
      void probe()
        .then((why) => {
          if (why !== null) {
            stop(
              new ContractError(
                'io',
                `Could not reach destination "${name}" during the ${activity}: ${why}. Nothing local changed; ${activity === 'copy' ? 'the next copy picks up where this one stopped' : 'try again when it is reachable'}.`,
              ),
            );
          }
        })
        .finally(() => {
          probing = false;
        });
    },
    progress: arm,
    stopped: () => reason,
    dispose() {
      if (idle) clearTimeout(idle);
      parent.removeEventListener('abort', onParent);
    },
  };
}

export interface WatchedOptions extends WatchdogOptions {
  /** Whether the next run picks up what this one stored (a copy, a recovery); see destinationError. */
  resumable?: boolean;
}

/**
 * The one step for a restic run against a destination: `run` gets a watchdog (its
 * signal and warning feed go to restic), a failure comes out as the watchdog's reason
 * when it stopped restic, else as the destination's sentence (dest-access.ts), and the
 * watchdog is disposed however the run ended.
 */
export async function watched<T>(
  d: DestAccess,
  /** What is under way, for the sentences: "copy", "recovery", "check", ... */
  activity: string,
  destOptions: readonly string[],
  parent: AbortSignal | undefined,
  o: WatchedOptions,
  run: (wd: Watchdog) => Promise<T>,
): Promise<T> {
  const { resumable = true, ...watchOptions } = o;
  const wd = startWatchdog(
    d.name,
    activity,
    d.parsed,
    destOptions,
    parent ?? new AbortController().signal,
    watchOptions,
  );
  try {
    return await run(wd);
  } catch (err) {
    throw wd.stopped() ?? destinationError(d, err, { resumable });
  } finally {
    wd.dispose();
  }
}
