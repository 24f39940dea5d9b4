// A deterministic clock and timer queue for tests and simulations (a year of
// schedules runs in well under a second). `advance` lets time pass with timers
// firing on time; `sleep` moves the wall clock on without firing anything, as a
// suspended machine does, so overdue timers fire once, late, on the next advance.
import type { Clock, TimerFunctions, TimerHandle } from './clock';

interface PendingTimer {
  id: number;
  at: number;
  fn: () => void;
}

export class FakeClock implements Clock, TimerFunctions {
  private time: number;
  private nextId = 1;
  private pending: PendingTimer[] = [];
  /** Callers of `armed()` waiting for the next timer to be set. */
  private armWaiters: (() => void)[] = [];

  constructor(start: Date) {
    this.time = start.getTime();
  }

  now(): Date {
    return new Date(this.time);
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer = { id: this.nextId++, at: this.time + Math.max(0, ms), fn };
    this.pending.push(timer);
    const waiters = this.armWaiters;
    this.armWaiters = [];
    for (const wake of waiters) wake();
    return timer.id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.pending = this.pending.filter((t) => t.id !== handle);
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  /**
   * Resolves once a timer is pending (at once when one already is). A scheduler arms its
   * next check only after the current one finished, so awaiting this after a firing waits
   * for that work however long the machine takes, instead of guessing a real-time pause.
   */
  armed(): Promise<void> {
    if (this.pending.length > 0) return Promise.resolve();
    return new Promise((resolve) => this.armWaiters.push(resolve));
  }

  /** Wall-clock time passes with nothing running (a suspended machine). */
  sleep(ms: number): void {
    this.time += ms;
  }

  /**
   * Lets `ms` pass, firing timers in order at their due times (overdue ones at once).
   * After each firing, `settle` is awaited so the async work a timer starts (and the
   * next timer it arms) happens before time moves on.
   */
  async advance(ms: number, settle: () => Promise<void> = async () => undefined): Promise<void> {
    const target = this.time + ms;
    await settle();
    for (;;) {
      const due = this.pending.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.pending = this.pending.filter((t) => t !== due);
      this.time = Math.max(this.time, due.at);
      due.fn();
      await settle();
    }
    this.time = Math.max(this.time, target);
  }
}
