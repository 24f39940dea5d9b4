import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ContractError } from '../../../shared/contract';
import { CANCELLED_MESSAGE, runJob } from '../run-job';
import { fakeIo } from './fake-io';

describe('runJob', () => {
  it('cancels the operation on Ctrl-C and reports it as cancelled', async () => {
    const io = fakeIo({ tty: true });
    let sawAbort = false;
    const running = runJob(io, { showProgress: true }, (ctx) => {
      ctx.report({ phase: 'compress', label: 'Compressing', fraction: 0.3 });
      return new Promise((_resolve, reject) => {
        ctx.signal.addEventListener('abort', () => {
          sawAbort = true;
          // Engines clean up, then throw whatever they throw.
          setTimeout(() => reject(new Error('aborted')), 5);
        });
      });
    });
    assert.equal(io.handlerCount(), 1);
    io.interrupt();
    io.interrupt(); // a second Ctrl-C while winding down changes nothing
    await assert.rejects(
      running,
      (e: unknown) => e instanceof ContractError && e.code === 'cancelled' && e.message === CANCELLED_MESSAGE,
    );
    assert.equal(sawAbort, true);
    assert.equal(io.handlerCount(), 0, 'the Ctrl-C handler is removed afterwards');
    assert.match(io.err, /Compressing\s+\[#+\.+\]\s+30%/);
    assert.match(io.err, /Cancelling/);
    assert.equal(io.out, '');
  });

  it('draws no progress without a terminal and passes results and errors through', async () => {
    const io = fakeIo({ tty: false });
    const value = await runJob(io, { showProgress: false }, async (ctx) => {
      ctx.report({ phase: 'x', label: 'Working', fraction: 0.5 });
      return 42;
    });
    assert.equal(value, 42);
    assert.equal(io.err, '');
    const failure = new ContractError('io', 'Disk full.');
    await assert.rejects(
      runJob(io, { showProgress: false }, async () => Promise.reject(failure)),
      failure,
    );
    assert.equal(io.handlerCount(), 0);
  });
});
