// Time as an injected dependency: every scheduling decision reads `now()` and every
// wait goes through these timer functions, so tests and simulations can drive a
// year of schedules in milliseconds.

export interface Clock {
  now(): Date;
}

/** Opaque handle from `setTimeout`; only ever passed back to `clearTimeout`. */
export type TimerHandle = unknown;

export interface TimerFunctions {
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export const systemClock: Clock = { now: () => new Date() };

export const systemTimers: TimerFunctions = {
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    // A pending check must not keep a CLI process (or a test) alive on its own.
    handle.unref();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
