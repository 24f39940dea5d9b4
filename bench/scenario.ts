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
import { startMainThreadProbe } from './main-thread-probe';
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

/** Runs `fn` while the main thread is probed every millisecond (main-thread-probe.ts). */
async function measure(
  scenario: string,
  fn: () => Promise<Record<string, unknown>>,
  current: () => string = () => '',
): Promise<ScenarioResult> {
  startedAt = performance.now();
  const probe = startMainThreadProbe({ logAboveMs: STALL_LOG_MS, current });
  const detail = await fn();
  const seconds = (performance.now() - startedAt) / 1000;
  const { maxStallMs, maxLateMs } = probe.stop();
  return {
    scenario,
    seconds,
    maxStallMs,
    timerLateMs: maxLateMs,
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
