// One benchmark scenario per process, so peak memory (maxRSS) and main-thread stalls
// belong to that scenario alone. Prints one JSON line on stdout.
//
//   node dist/bench/scenario.js gen <dir> <tracks>
//   node dist/bench/scenario.js backup <library> <backupDir>
//   node dist/bench/scenario.js preview <library> <backupDir> <id>
//   node dist/bench/scenario.js apply <library> <backupDir> <id>
//
// BACKBEAT_STALL_LOG=<ms> also prints, on stderr, every stall longer than <ms> with the
// progress phase and label active when it happened: the way to find what blocks.
import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createDemoLibrary } from '../electron/engine/demo/demo';
import { createBackup } from '../electron/engine/backup/backup';
import { previewRestore } from '../electron/engine/restore/restore-preview';
import { applyRestore } from '../electron/engine/restore/restore-apply';
import type { JobContext, ProgressUpdate } from '../electron/engine/runtime/progress';

export interface ScenarioResult {
  scenario: string;
  seconds: number;
  /** Longest the main thread was occupied while a probe timer waited (see measure). */
  maxStallMs: number;
  /** Longest a 1 ms timer fired late, whatever the reason (see measure). */
  timerLateMs: number;
  /** Peak resident memory of the whole process (main thread and workers), in MB. */
  peakRssMb: number;
  detail: Record<string, unknown>;
}

const STALL_LOG_MS = Number(process.env.BACKBEAT_STALL_LOG ?? 'Infinity');
/** When the measured work began (set by measure), for the stall log's times. */
let startedAt = 0;

/**
 * A never-cancelled context that remembers the last progress it was given, for the stall
 * log; with the log on, it also prints when each phase (or label) starts.
 */
function recordingContext(): { ctx: JobContext; current(): string } {
  let last: ProgressUpdate | null = null;
  const report = (u: ProgressUpdate): void => {
    if (Number.isFinite(STALL_LOG_MS) && (u.phase !== last?.phase || u.label !== last.label)) {
      process.stderr.write(
        `phase ${u.phase} "${u.label}" at ${(performance.now() - startedAt).toFixed(0)} ms\n`,
      );
    }
    last = u;
  };
  return {
    ctx: { signal: new AbortController().signal, report },
    current: () => (last ? `${last.phase} "${last.label}" ${(last.fraction * 100).toFixed(0)}%` : 'start'),
  };
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

/**
 * Runs `fn` while probing the main thread every millisecond. Two numbers come out:
 *
 * - `timerLateMs`: how late a 1 ms timer (and Node's event-loop delay histogram) fired.
 *   On this project's VMs a sleeping thread's timer can fire up to ~20 ms late while both
 *   vCPUs are busy (seen with strace as epoll_pwait(timeout = 1 ms) returning after
 *   19.5 ms, the thread neither running nor waiting for a core meanwhile), so this
 *   measures the hypervisor as much as Backbeat.
 * - `maxStallMs`: for each late tick, the part of the lateness the thread was occupied
 *   (ran, or waited for a core): the longest an IPC message or other event could have
 *   waited for the main thread. This is the stall target. Where schedstat is missing
 *   (not Linux) it falls back to the lateness.
 */
async function measure(
  scenario: string,
  fn: () => Promise<Record<string, unknown>>,
  current: () => string = () => '',
): Promise<ScenarioResult> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  startedAt = performance.now();
  let maxLate = 0;
  let maxStall = 0;
  let expected = performance.now() + 1;
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
    if (late > STALL_LOG_MS) {
      const where =
        ran === null ? '' : ` (ran ${ran.toFixed(1)} ms, waited for a core ${waited!.toFixed(1)} ms)`;
      process.stderr.write(
        `late ${late.toFixed(1)} ms, stall ${stall.toFixed(1)} ms, at ${(now - startedAt).toFixed(0)} ms during ${current()}${where}\n`,
      );
    }
    sched = nextSched;
    expected = now + 1;
  }, 1);
  const detail = await fn();
  const seconds = (performance.now() - startedAt) / 1000;
  clearInterval(probe);
  histogram.disable();
  const histMaxMs = histogram.max / 1e6;
  return {
    scenario,
    seconds,
    maxStallMs: maxStall,
    timerLateMs: Math.max(histMaxMs, maxLate),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    detail,
  };
}

async function main(argv: string[]): Promise<void> {
  const [name, a, b, c] = argv;
  const { ctx, current } = recordingContext();
  let result: ScenarioResult;
  switch (name) {
    case 'gen':
      result = await measure('gen', async () => ({
        path: await createDemoLibrary(a!, { tracks: Number(b), seed: 7 }),
      }));
      break;
    case 'backup':
      result = await measure(
        'backup',
        async () => {
          const meta = await createBackup({
            libraryPath: a!,
            backupDir: b!,
            trigger: 'manual',
            appVersion: 'bench',
            ctx,
          });
          return {
            id: meta.id,
            databaseBytes: meta.sizes.databaseBytes,
            compressedBytes: meta.sizes.compressedBytes,
          };
        },
        current,
      );
      break;
    case 'preview':
      result = await measure(
        'preview',
        async () => {
          const p = await previewRestore({ libraryPath: a!, backupDir: b!, id: c!, ctx });
          return { ...p.summary };
        },
        current,
      );
      break;
    case 'apply':
      result = await measure(
        'apply',
        async () => {
          const r = await applyRestore({
            libraryPath: a!,
            backupDir: b!,
            id: c!,
            mode: 'additive',
            appVersion: 'bench',
            ctx,
          });
          return { ...r };
        },
        current,
      );
      break;
    default:
      throw new Error(`unknown scenario ${name}`);
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
