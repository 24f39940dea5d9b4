// Timing helpers of the micro-benches: CPU time (process.cpuUsage), not wall time, and
// the least of several rounds, because the machines they run on are shared.
import os from 'node:os';

/** Least CPU microseconds per call of `fn` over `rounds` rounds of `calls` calls. */
export function cpuPerCall(fn: () => void, calls: number, rounds = 7): number {
  for (let i = 0; i < calls; i++) fn(); // warm up (JIT tiers, caches)
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const start = process.cpuUsage();
    for (let i = 0; i < calls; i++) fn();
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / calls);
  }
  return best;
}

/** The 1, 5 and 15 minute load averages, to print beside timings. */
export function loadAverage(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}
