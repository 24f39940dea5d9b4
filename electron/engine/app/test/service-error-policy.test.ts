// The service's one error policy: an unexpected error in a method (a bug) reaches the
// caller as the one sentence, its stack in the injected log exactly once, even after a
// transport has serialized it; an expected error (a ContractError) keeps its code and
// sentence and logs nothing. The dialogs are the seam: the methods call them directly.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { ContractError } from '../../../../shared/contract';
import { toUserError, UNEXPECTED_ERROR_MESSAGE } from '../../runtime/error-policy';
import { createBackbeatService, type BackbeatService, type ServiceDialogs } from '../service';

describe('service: one error policy', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'backbeat-error-policy-'));
  const services: BackbeatService[] = [];
  after(async () => {
    await Promise.all(services.map((s) => s.dispose()));
    fs.rmSync(root, { recursive: true, force: true });
  });

  function make(dialogs: ServiceDialogs): { service: BackbeatService; log: string[] } {
    const log: string[] = [];
    const service = createBackbeatService({
      dataDir: path.join(root, `data-${services.length}`),
      appVersion: '9.9.9-test',
      mode: 'electron',
      dialogs,
      log: (message) => log.push(message),
    });
    services.push(service);
    return { service, log };
  }

  it('an unexpected error gives the one sentence and logs its stack once', async () => {
    const { service, log } = make({
      chooseLibraryFile: async () => {
        throw new TypeError("Cannot read properties of undefined (reading 'path')");
      },
      chooseBackupDir: async () => null,
    });
    const err = await service.chooseLibraryFile({}).then(
      () => assert.fail('the call should fail'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof ContractError);
    assert.equal(err.code, 'internal');
    assert.equal(err.message, UNEXPECTED_ERROR_MESSAGE);
    assert.ok(!err.message.includes('properties'), 'no internals in the sentence');
    assert.equal(log.length, 1, log.join('\n---\n'));
    assert.match(log[0]!, /^chooseLibraryFile: unexpected error: TypeError: Cannot read properties/);
    assert.match(log[0]!, /\n\s+at /, 'the stack is logged');

    // A transport mapping what the service threw (host/error-envelope.ts does) logs nothing more.
    const transportLog: string[] = [];
    assert.equal(
      toUserError(err, (details) => transportLog.push(details)),
      err,
    );
    assert.deepEqual(transportLog, []);
  });

  it('an expected error keeps its code and its sentence, and logs nothing', async () => {
    const sentence = 'The file chooser could not open; try again.';
    const { service, log } = make({
      chooseLibraryFile: async () => null,
      chooseBackupDir: async () => {
        throw new ContractError('io', sentence);
      },
    });
    await assert.rejects(
      service.chooseBackupDir({}),
      (e: unknown) => e instanceof ContractError && e.code === 'io' && e.message === sentence,
    );
    assert.deepEqual(log, []);
  });
});
