// The periodic side of copies: every check interval (on the injected clock and
// timers) the destinations in back-off whose slot has come, and those whose own copy
// schedule is due (copy-schedule.ts), are tried once each, and
// the destinations' copy age is compared with the threshold so the user is told,
// once per crossing, that copies stopped. A tick that arrives hours late (the machine
// slept) is still one tick: one attempt per destination, never a burst.
import type { HealthNotification } from '../../../shared/schedule-types';
import { copyRound, type CopyRetryStore, type CopyRoundResult } from '../destinations/copy-round';
import { offsiteAlerts, type OffsiteStatus } from '../health/offsite-alert';
import type { Clock, TimerFunctions, TimerHandle } from './clock';

export interface CopyRetryLoopOptions {
  clock: Clock;
  timers: TimerFunctions;
  checkIntervalMs: number;
  store: CopyRetryStore;
  destinations(): Promise<string[]> | string[];
  attempt(name: string): Promise<string | null>;
  /** Whether a destination's own copy schedule wants a copy now; none: retries only. */
  ownScheduleDue?(name: string, now: Date): boolean;
  /** Each destination's last copy and health now (after any attempt). */
  statuses(): Promise<OffsiteStatus[]> | OffsiteStatus[];
  notify(notification: HealthNotification): void;
  onRound?(result: CopyRoundResult): void;
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
    try {
      const round = await copyRound(
        {
          destinations: this.o.destinations,
          attempt: this.o.attempt,
          store: this.o.store,
          now: () => this.o.clock.now(),
          ...(this.o.ownScheduleDue ? { ownScheduleDue: this.o.ownScheduleDue } : {}),
        },
        'periodic',
      );
      if (round.attempted.length > 0) this.o.onRound?.(round);
      const state = await this.o.store.read();
      const alerts = offsiteAlerts(state.warned, await this.o.statuses());
      if (alerts.warned.join('\n') !== state.warned.join('\n')) {
        await this.o.store.write({ ...(await this.o.store.read()), warned: alerts.warned });
      }
      for (const n of alerts.notifications) this.o.notify(n);
    } catch (err) {
      this.o.log(`Retrying copies failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
