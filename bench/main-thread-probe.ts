// Probes this process's main thread every millisecond while a benchmark runs, for the
// UI's guarantee (issue 18: the main thread never stalls over 16 ms). Two numbers:
//
// - `maxLateMs`: how late a 1 ms timer (and Node's event-loop delay histogram) fired.
//   On this project's VMs a sleeping thread's timer can fire up to ~20 ms late while both
//   vCPUs are busy (seen with strace as epoll_pwait(timeout = 1 ms) returning after
//   19.5 ms, the thread neither running nor waiting for a core meanwhile), so this
//   measures the hypervisor as much as Backbeat.
// - `maxStallMs`: for each late tick, the part of the lateness the thread was occupied
//   (ran, or waited for a core): the longest an IPC message or other event could have
//   waited for the main thread. This is the stall target. Where schedstat is missing
//   (not Linux) it falls back to the lateness.
import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface ProbeResult {
  maxStallMs: number;
  maxLateMs: number;
  /** The event-loop delay histogram's 99th percentile, ms. */
  p99LateMs: number;
}

export interface ProbeOptions {
  /** Prints, on stderr, every tick later than this (ms) with what `current()` says was running. */
  logAboveMs?: number;
  current?: () => string;
}

/**
 * Linux only: the main thread's time on a core and time waiting for one (ns, from
 * /proc/thread-self/schedstat). Between two probe ticks their growth is how long the
 * thread was occupied (running JavaScript or GC, or runnable but kept off a core); a
 * late timer with neither growing means the thread was asleep and ready for any event.
 */
function schedTimes(): [number, number] | null {
  if (process.platform !== 'linux') return null;
  const [run, wait] = fs.readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ').map(Number);
  return [run ?? 0, wait ?? 0];
}

/** Starts probing; `stop()` ends it and returns the maxima since the start. */
export function startMainThreadProbe(options: ProbeOptions = {}): { stop(): ProbeResult } {
  const logAbove = options.logAboveMs ?? Infinity;
  const current = options.current ?? (() => '');
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  const startedAt = performance.now();
  let maxLate = 0;
  let maxStall = 0;
  let expected = startedAt + 1;
  let sched = schedTimes();
  const probe = setInterval(() => {
    const now = performance.now();
    const late = now - expected;
    const nextSched = schedTimes();
    const ran = sched && nextSched ? (nextSched[0] - sched[0]) / 1e6 : null;
    const waited = sched && nextSched ? (nextSched[1] - sched[1]) / 1e6 : null;
    const stall = ran === null || waited === null ? late : Math.min(late, ran + waited);
    maxLate = Math.max(maxLate, late);
    maxStall = Math.max(maxStall, stall);
    if (late > logAbove) {
      const where =
        ran === null ? '' : ` (ran ${ran.toFixed(1)} ms, waited for a core ${waited!.toFixed(1)} ms)`;
      process.stderr.write(
        `late ${late.toFixed(1)} ms, stall ${stall.toFixed(1)} ms, at ${(now - startedAt).toFixed(0)} ms during ${current()}${where}\n`,
      );
    }
    sched = nextSched;
    expected = now + 1;
  }, 1);
  return {
    stop(): ProbeResult {
      clearInterval(probe);
      histogram.disable();
      return {
        maxStallMs: maxStall,
        maxLateMs: Math.max(histogram.max / 1e6, maxLate),
        p99LateMs: histogram.percentile(99) / 1e6,
      };
    },
  };
}
