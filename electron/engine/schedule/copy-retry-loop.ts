// The periodic side of copies in the app: every check interval (on the injected clock
// and timers) the owed-copies step (owed-copies.ts, which the OS timer's run shares):
// the destinations in back-off whose slot has come, and those whose own copy schedule
// is due, are tried once each, and the user is told, once per crossing, that copies
// stopped. A tick that arrives hours late (the machine slept) is still one tick: one
// attempt per destination, never a burst.
import type { HealthNotification } from '../../../shared/schedule-types';
import type { CopyRoundResult } from '../destinations/copy-round';
import type { Clock, TimerFunctions, TimerHandle } from './clock';
import { owedCopies, type OwedCopiesDeps } from './owed-copies';

export interface CopyRetryLoopOptions extends Omit<OwedCopiesDeps, 'now'> {
  clock: Clock;
  timers: TimerFunctions;
  checkIntervalMs: number;
  notify(notification: HealthNotification): void;
  onRound?(result: CopyRoundResult): void;
  /**
   * Owed work made at each look before the copies (a scheduled snapshot that found the
   * repository busy: service-scheduled-snapshot.ts), so the copies then carry it.
   */
  beforeCopies?(): Promise<void>;
  log(message: string): void;
}

export class CopyRetryLoop {
  private timer: TimerHandle | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly o: CopyRetryLoopOptions) {}

  start(): void {
    this.arm();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.o.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  /** Resolves when no tick is in flight. */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  /** One look: retries whose slot came, then the offsite warning. Joins a tick in flight. */
  tick(): Promise<void> {
    this.running ??= this.look().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private arm(): void {
    if (this.stopped) return;
    this.timer = this.o.timers.setTimeout(() => {
      this.timer = null;
      void this.tick().finally(() => this.arm());
    }, this.o.checkIntervalMs);
  }

  private async look(): Promise<void> {
    await this.o.beforeCopies?.().catch((err: unknown) => {
      this.o.log(
        `Retrying the scheduled snapshot failed: ${err instanceof Error ? err.message : String(err)}`,
      );
    });
    try {
      const { round, notifications } = await owedCopies(
        { ...this.o, now: () => this.o.clock.now() },
        { tells: true },
      );
      if (round.attempted.length > 0) this.o.onRound?.(round);
      for (const n of notifications) this.o.notify(n);
    } catch (err) {
      this.o.log(`Retrying copies failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
