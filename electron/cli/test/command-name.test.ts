// The CLI's name in printed hints is one that works from where the user is.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cliCommandName, type CommandNameContext } from '../command-name';

describe('the CLI name in hints', () => {
  let root: string;
  let checkout: string;
  let elsewhere: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'backbeat-cli-name-'));
    checkout = path.join(root, 'checkout');
    elsewhere = path.join(root, 'home');
    fs.mkdirSync(path.join(checkout, 'bin'), { recursive: true });
    fs.writeFileSync(path.join(checkout, 'bin', 'backbeat.js'), '');
    fs.mkdirSync(path.join(root, 'other', 'bin'), { recursive: true });
    fs.writeFileSync(path.join(root, 'other', 'bin', 'backbeat.js'), '');
    fs.mkdirSync(path.join(root, 'global-bin'));
    fs.symlinkSync(path.join(checkout, 'bin', 'backbeat.js'), path.join(root, 'global-bin', 'backbeat'));
    fs.mkdirSync(path.join(root, 'other-bin'));
    fs.symlinkSync(path.join(root, 'other', 'bin', 'backbeat.js'), path.join(root, 'other-bin', 'backbeat'));
    fs.mkdirSync(elsewhere);
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  const ctx = (over: Partial<CommandNameContext> & { path?: string[] }): CommandNameContext => ({
    env: { PATH: (over.path ?? []).join(path.delimiter), ...over.env },
    cwd: over.cwd ?? elsewhere,
    installRoot: checkout,
    platform: 'linux',
  });

  it('says `npx backbeat` inside the checkout, where a bare `backbeat` is not on PATH', () => {
    assert.equal(cliCommandName(ctx({ cwd: checkout })), 'npx backbeat');
    assert.equal(cliCommandName(ctx({ cwd: path.join(checkout, 'bin') })), 'npx backbeat');
  });

  it('says `npx backbeat` when run through npx, whose PATH the shell does not have', () => {
    const run = ctx({ cwd: elsewhere, path: [path.join(root, 'global-bin')], env: { npm_command: 'exec' } });
    assert.equal(cliCommandName(run), 'npx backbeat');
  });

  it('says `backbeat` only when that name on PATH is this installation', () => {
    assert.equal(cliCommandName(ctx({ path: [path.join(root, 'global-bin')] })), 'backbeat');
    assert.notEqual(cliCommandName(ctx({ path: [path.join(root, 'other-bin')] })), 'backbeat');
  });

  it('falls back to node and the launcher path elsewhere', () => {
    assert.equal(cliCommandName(ctx({})), `node ${path.join(checkout, 'bin', 'backbeat.js')}`);
  });
});
