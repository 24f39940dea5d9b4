// How long a backup may wait for a library that another program holds: one budget for
// the whole backup, not one per step. Each step that opens or reads the library (the
// stats connection, the copy's connection, the copy itself) gets only what is left, so
// a library held by an exclusive transaction is given up after the promised time once,
// and the message says the time that really passed. (Per step, a 60 s promise became
// 91 s or 121 s: each connection waited its own 60 s.)
import { ContractError } from '../../../shared/errors';

/** Milliseconds since some fixed point; tests pass their own to make time pass at will. */
export type NowMs = () => number;

export class LockBudget {
  private readonly startedAt: number;

  constructor(
    private readonly totalMs: number,
    private readonly now: NowMs = Date.now,
  ) {
    this.startedAt = now();
  }

  /** What a step may still wait for the library; never negative (0: do not wait at all). */
  remainingMs(): number {
    return Math.max(0, this.totalMs - this.elapsedMs());
  }

  elapsedMs(): number {
    return Math.max(0, this.now() - this.startedAt);
  }

  /** The error for a library that stayed locked, with the time that really passed. */
  lockedError(libraryPath: string): ContractError {
    const ms = this.elapsedMs();
    // Tenths below 10 s, so a short wait is not reported as "0 s".
    const seconds = ms < 10_000 ? (Math.round(ms / 100) / 10).toString() : Math.round(ms / 1000).toString();
    return new ContractError(
      'locked',
      `The library ${libraryPath} stayed locked by another program for ${seconds} s. ` +
        'Wait for the other program (a scan, perhaps) to finish, then try again.',
    );
  }
}
