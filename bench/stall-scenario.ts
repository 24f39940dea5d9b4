// The UI's guarantee (issue 18): the main thread never stalls over 16 ms while a database
// backup runs. This process plays the desktop app's main process: it holds the backup
// service, starts a backup through the contract as the renderer would, and serialises
// every event as IPC would, while Node's event-loop delay histogram (1 ms resolution)
// watches its main thread. A baseline with no job running is taken first, for the same
// histogram on this machine. Prints one JSON line on stdout.
//
//   node dist/bench/stall-scenario.js <dataDir> <library> <backupDir>
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { BackbeatEvent } from '../shared/contract';
import { createBackbeatService } from '../electron/engine/app/service';

export interface StallScenarioResult {
  seconds: number;
  maxMs: number;
  p99Ms: number;
  /** The same histogram over 3 s with the service idle. */
  baselineMaxMs: number;
  baselineP99Ms: number;
  events: number;
  state: string;
}

const ms = (h: IntervalHistogram, q: number | 'max'): number => (q === 'max' ? h.max : h.percentile(q)) / 1e6;

async function main(argv: string[]): Promise<void> {
  const [dataDir, libraryPath, backupDir] = argv;
  const service = createBackbeatService({ dataDir: dataDir!, appVersion: 'bench', mode: 'electron' });
  try {
    await service.setLibrary({ path: libraryPath! });
    await service.setBackupDir({ path: backupDir! });

    const baseline = monitorEventLoopDelay({ resolution: 1 });
    baseline.enable();
    await new Promise((r) => setTimeout(r, 3000));
    baseline.disable();

    let events = 0;
    let jobId = '';
    let finish: (state: string) => void = () => undefined;
    const finished = new Promise<string>((resolve) => (finish = resolve));
    const off = service.onEvent((e: BackbeatEvent) => {
      events++;
      JSON.stringify(e); // what IPC does to every event
      if (e.type === 'job' && e.job.id === jobId && e.job.state !== 'running') finish(e.job.state);
    });
    const h = monitorEventLoopDelay({ resolution: 1 });
    h.enable();
    const start = performance.now();
    jobId = (await service.startBackup({})).jobId;
    const state = await finished;
    const seconds = (performance.now() - start) / 1000;
    h.disable();
    off();
    const result: StallScenarioResult = {
      seconds,
      maxMs: ms(h, 'max'),
      p99Ms: ms(h, 99),
      baselineMaxMs: ms(baseline, 'max'),
      baselineP99Ms: ms(baseline, 99),
      events,
      state,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await service.dispose();
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
