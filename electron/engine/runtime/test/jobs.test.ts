import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ContractError } from '../../../../shared/errors';
import type { JobInfo } from '../../../../shared/types';
import { JobManager } from '../jobs';
import { UNEXPECTED_ERROR_MESSAGE } from '../error-policy';
import type { JobContext } from '../progress';

/** Resolves when the signal fires, then throws the way engine operations do. */
function untilCancelled(ctx: JobContext): Promise<never> {
  return new Promise((_resolve, reject) => {
    if (ctx.signal.aborted) reject(new ContractError('cancelled', 'The job was cancelled.'));
    ctx.signal.addEventListener('abort', () =>
      reject(new ContractError('cancelled', 'The job was cancelled.')),
    );
  });
}

function recorder(): { events: JobInfo[]; manager: JobManager } {
  const events: JobInfo[] = [];
  const manager = new JobManager({ onChange: (j) => events.push(j), progressIntervalMs: 0 });
  return { events, manager };
}

describe('JobManager', () => {
  it('runs a job to success and reports start, progress and end', async () => {
    const { events, manager } = recorder();
    const started = manager.start('backup', 'Backing up', async (ctx) => {
      ctx.report({ phase: 'snapshot', label: 'Copying', fraction: 0.25 });
      ctx.report({ phase: 'compress', label: 'Compressing', fraction: 0.75, bytesDone: 3, bytesTotal: 4 });
      return { id: 'b1' };
    });
    assert.equal(started.state, 'running');
    assert.equal(started.kind, 'backup');
    assert.equal(started.finishedAt, null);
    const end = await manager.wait(started.id);
    assert.equal(end.state, 'succeeded');
    assert.deepEqual(end.result, { id: 'b1' });
    assert.equal(end.error, null);
    assert.equal(end.progress.fraction, 1);
    assert.ok(end.finishedAt);
    assert.equal(events[0]!.state, 'running');
    const phases = events.map((e) => e.progress.phase);
    assert.ok(phases.includes('snapshot') && phases.includes('compress'), phases.join(','));
    const compress = events.find((e) => e.progress.phase === 'compress')!;
    assert.equal(compress.progress.bytesDone, 3);
    assert.equal(events.at(-1)!.state, 'succeeded');
    assert.ok(events.every((e) => e.id === started.id));
  });

  it('carries counted items to the listeners, as copies, and null where a job counts none', async () => {
    const { events, manager } = recorder();
    const items = { done: 1, total: 4, perSecond: 2.5, current: '/music/a.flac' };
    const job = manager.start('rescan', 'Rescanning', async (ctx) => {
      ctx.report({ phase: 'prepare', label: 'Reading the plan', fraction: 0 });
      ctx.report({ phase: 'analyse', label: 'Analysed 1 of 4 tracks', fraction: 0.25, items });
      items.done = 99; // the engine's own object may change later; events must not
    });
    await manager.wait(job.id);
    assert.equal(events.find((e) => e.progress.phase === 'prepare')!.progress.items, null);
    const analyse = events.find((e) => e.progress.phase === 'analyse')!;
    assert.deepEqual(analyse.progress.items, { done: 1, total: 4, perSecond: 2.5, current: '/music/a.flac' });
  });

  it('throttles progress events from a tight loop', async () => {
    const events: JobInfo[] = [];
    // An interval no run of this loop comes near, however busy the machine: with one second,
    // a loop paused that long mid-way (a loaded machine) let one more event through.
    const manager = new JobManager({ onChange: (j) => events.push(j), progressIntervalMs: 3_600_000 });
    const job = manager.start('verify', 'Verifying', async (ctx) => {
      for (let i = 0; i < 10_000; i++)
        ctx.report({ phase: 'check', label: 'Checking', fraction: i / 10_000 });
    });
    await manager.wait(job.id);
    // start + first report of the phase + end; the other 9,999 were dropped.
    assert.ok(events.length <= 4, `got ${events.length} events`);
  });

  it('turns a ContractError into a failed job carrying its sentence', async () => {
    const { manager } = recorder();
    const job = manager.start('backup', 'Backing up', async () => {
      throw new ContractError('io', 'The backup folder is full. Free some space, then try again.');
    });
    const end = await manager.wait(job.id);
    assert.equal(end.state, 'failed');
    assert.equal(end.error, 'The backup folder is full. Free some space, then try again.');
    assert.equal(end.result, null);
  });

  it('gives an unexpected error the one sentence and logs its stack once, with the job', async () => {
    const logged: string[] = [];
    const manager = new JobManager({ log: (details) => logged.push(details) });
    const job = manager.start('restore', 'Restoring', async () => {
      throw new TypeError('x is undefined');
    });
    const end = await manager.wait(job.id);
    assert.equal(end.state, 'failed');
    assert.equal(end.error, UNEXPECTED_ERROR_MESSAGE);
    assert.equal(logged.length, 1);
    assert.match(logged[0]!, /^Restoring: unexpected error: TypeError: x is undefined\n\s+at /);
  });

  it('ends a cancelled job as cancelled, not failed', async () => {
    const { events, manager } = recorder();
    const job = manager.start('backup', 'Backing up', (ctx) => untilCancelled(ctx));
    await new Promise((r) => setImmediate(r));
    assert.equal(manager.get(job.id)!.state, 'running');
    assert.equal(manager.cancel(job.id), true);
    const end = await manager.wait(job.id);
    assert.equal(end.state, 'cancelled');
    assert.ok(end.error);
    assert.equal(events.at(-1)!.state, 'cancelled');
    // Cancelling again, or a job that does not exist, is a no.
    assert.equal(manager.cancel(job.id), false);
    assert.equal(manager.cancel('job-nope'), false);
  });

  it('counts a job that gave up on its own with a cancelled error as cancelled', async () => {
    const { manager } = recorder();
    const job = manager.start('verify', 'Verifying', async () => {
      throw new ContractError('cancelled', 'Stopped.');
    });
    assert.equal((await manager.wait(job.id)).state, 'cancelled');
  });

  it('lists running jobs first, then finished ones newest first, bounded', async () => {
    const manager = new JobManager({ historyLimit: 3 });
    const finished: string[] = [];
    for (let i = 0; i < 5; i++) {
      const j = manager.start('verify', `v${i}`, async () => i);
      await manager.wait(j.id);
      finished.push(j.id);
    }
    const live = manager.start('backup', 'live', (ctx) => untilCancelled(ctx));
    const list = manager.list();
    assert.deepEqual(
      list.map((j) => j.title),
      ['live', 'v4', 'v3', 'v2'],
    );
    assert.equal(manager.get(finished[0]!), null, 'the oldest job dropped out of the history');
    await assert.rejects(
      manager.wait(finished[0]!),
      (e: unknown) => e instanceof ContractError && e.code === 'not-found',
    );
    assert.deepEqual(
      manager.active(['backup']).map((j) => j.id),
      [live.id],
    );
    assert.deepEqual(manager.active(['restore']), []);
    await manager.cancelAll();
    assert.equal(manager.get(live.id)!.state, 'cancelled');
  });

  it('ignores progress reported after the job ended and survives a throwing listener', async () => {
    let late: JobContext | null = null;
    let calls = 0;
    const manager = new JobManager({
      progressIntervalMs: 0,
      onChange: () => {
        calls++;
        throw new Error('listener bug');
      },
    });
    const job = manager.start('verify', 'Verifying', async (ctx) => {
      late = ctx;
      return 'done';
    });
    const end = await manager.wait(job.id);
    assert.equal(end.state, 'succeeded');
    const before = calls;
    (late as JobContext | null)!.report({ phase: 'after', label: 'Too late', fraction: 0.5 });
    assert.equal(calls, before);
    assert.equal(manager.get(job.id)!.progress.phase, 'done');
  });

  it('hands out snapshots that callers cannot use to change a job', async () => {
    const manager = new JobManager();
    const job = manager.start('verify', 'Verifying', async () => 1);
    job.state = 'failed';
    job.progress.fraction = 0.5;
    const end = await manager.wait(job.id);
    assert.equal(end.state, 'succeeded');
    end.title = 'changed';
    assert.equal(manager.get(job.id)!.title, 'Verifying');
  });

  it('does not begin a job cancelled before it started', async () => {
    const manager = new JobManager();
    let began = false;
    const job = manager.start('backup', 'a', async () => {
      began = true;
    });
    manager.cancel(job.id);
    assert.equal((await manager.wait(job.id)).state, 'cancelled');
    assert.equal(began, false);
  });

  it('cancelAll waits for every running job to end', async () => {
    // A grace far past the wind-down below, so what is tested is the wait, not whether a
    // 30 ms timer fires within the default 3 s on a busy machine.
    const manager = new JobManager({ cancelGraceMs: 600_000 });
    let windDownFinished = false;
    const a = manager.start('backup', 'a', (ctx) => untilCancelled(ctx));
    const b = manager.start('verify', 'b', async (ctx) => {
      // An operation that takes a while to clean up after the cancel.
      await untilCancelled(ctx).catch(() => new Promise((r) => setTimeout(r, 30)));
      windDownFinished = true;
      throw new ContractError('cancelled', 'Stopped.');
    });
    await new Promise((r) => setImmediate(r));
    await manager.cancelAll();
    assert.equal(windDownFinished, true);
    assert.equal(manager.get(a.id)!.state, 'cancelled');
    assert.equal(manager.get(b.id)!.state, 'cancelled');
    assert.deepEqual(manager.active(), []);
  });
});

describe('JobManager verdicts for jobs made of items', () => {
  const judge = (r: { done: number; total: number }) => ({
    tally: { done: r.done, total: r.total, verb: 'analysed' },
    noneDone: `None of the ${r.total} could be analysed.`,
  });

  it('all done is succeeded, some is partial, none is failed with the result kept', async () => {
    const { manager } = recorder();
    const run = (done: number, total: number) =>
      manager.wait(manager.start('rescan', 'Rescan', async () => ({ done, total }), judge).id);
    const all = await run(3, 3);
    assert.equal(all.state, 'succeeded');
    const some = await run(2, 3);
    assert.equal(some.state, 'partial');
    assert.deepEqual(some.tally, { done: 2, total: 3, verb: 'analysed' });
    assert.equal(some.error, null);
    assert.deepEqual(some.result, { done: 2, total: 3 });
    const none = await run(0, 3);
    assert.equal(none.state, 'failed');
    assert.equal(none.error, 'None of the 3 could be analysed.');
    assert.deepEqual(none.result, { done: 0, total: 3 }, 'the report stays attached');
    const nothingToDo = await run(0, 0);
    assert.equal(nothingToDo.state, 'succeeded');
  });

  it('a job without a judge that returns has succeeded, with no tally', async () => {
    const { manager } = recorder();
    const end = await manager.wait(manager.start('backup', 'Backing up', async () => 1).id);
    assert.equal(end.state, 'succeeded');
    assert.equal(end.tally, null);
  });
});
