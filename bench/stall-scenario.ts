// The UI's guarantee (issue 18): the main thread never stalls over 16 ms while a database
// backup runs. This process plays the desktop app's main process: it holds the backup
// service, starts a backup through the contract as the renderer would, and serialises
// every event as IPC would, while a 1 ms probe watches its main thread (how long it was
// occupied, and how late its timers fired: main-thread-probe.ts). A baseline with no job
// running is taken first, for the same probe on this machine. Prints one JSON line on
// stdout; BACKBEAT_STALL_LOG=<ms> also prints each tick later than that, with the job's
// phase, on stderr.
//
//   node dist/bench/stall-scenario.js <dataDir> <library> <backupDir>
import type { BackbeatEvent } from '../shared/contract';
import { createBackbeatService } from '../electron/engine/app/service';
import { startMainThreadProbe, type ProbeResult } from './main-thread-probe';

export interface StallScenarioResult {
  seconds: number;
  during: ProbeResult;
  /** The same probe over 3 s with the service idle. */
  baseline: ProbeResult;
  events: number;
  state: string;
}

const LOG_ABOVE_MS = Number(process.env.BACKBEAT_STALL_LOG ?? 'Infinity');

async function main(argv: string[]): Promise<void> {
  const [dataDir, libraryPath, backupDir] = argv;
  const service = createBackbeatService({ dataDir: dataDir!, appVersion: 'bench', mode: 'electron' });
  try {
    await service.setLibrary({ path: libraryPath! });
    await service.setBackupDir({ path: backupDir! });

    const idle = startMainThreadProbe({ logAboveMs: LOG_ABOVE_MS, current: () => 'idle' });
    await new Promise((r) => setTimeout(r, 3000));
    const baseline = idle.stop();

    let events = 0;
    let jobId = '';
    let finish: (state: string) => void = () => undefined;
    const finished = new Promise<string>((resolve) => (finish = resolve));
    let phase = 'start';
    const off = service.onEvent((e: BackbeatEvent) => {
      events++;
      JSON.stringify(e); // what IPC does to every event
      if (e.type === 'job' && e.job.id === jobId)
        phase = `${e.job.progress.phase} ${(e.job.progress.fraction * 100).toFixed(0)}%`;
      if (e.type === 'job' && e.job.id === jobId && e.job.state !== 'running') finish(e.job.state);
    });
    const probe = startMainThreadProbe({ logAboveMs: LOG_ABOVE_MS, current: () => phase });
    const start = performance.now();
    jobId = (await service.startBackup({})).jobId;
    const state = await finished;
    const seconds = (performance.now() - start) / 1000;
    const during = probe.stop();
    off();
    const result: StallScenarioResult = {
      seconds,
      during,
      baseline,
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
