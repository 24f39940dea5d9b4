import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCommandLine, parseCount, UsageError, wantsHelp } from '../args';

function usageError(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => e instanceof UsageError && pattern.test(e.message));
}

describe('parseCommandLine', () => {
  it('finds the command, positionals and flags in any order', () => {
    const p = parseCommandLine(['--library', 'lib.db', 'restore', 'latest', '--apply', '--backup-dir=/b']);
    assert.equal(p.command, 'restore');
    assert.deepEqual(p.positionals, ['latest']);
    assert.deepEqual(
      [...p.flags.entries()],
      [
        ['library', 'lib.db'],
        ['apply', true],
        ['backup-dir', '/b'],
      ],
    );
  });

  it('takes everything after -- as positionals', () => {
    const p = parseCommandLine(['info', '--', '--weird-name']);
    assert.deepEqual(p.positionals, ['--weird-name']);
    assert.equal(p.flags.size, 0);
  });

  it('accepts values that start with a single dash, and "-" itself', () => {
    const p = parseCommandLine(['backup', '--name', '-x', '-']);
    assert.equal(p.flags.get('name'), '-x');
    assert.deepEqual(p.positionals, ['-']);
  });

  it('returns no command for an empty line', () => {
    assert.equal(parseCommandLine([]).command, null);
  });

  it('rejects unknown options, repeated ones, missing and unexpected values', () => {
    usageError(() => parseCommandLine(['list', '--frobnicate']), /Unknown option --frobnicate/);
    usageError(() => parseCommandLine(['list', '-x']), /Unknown option -x/);
    usageError(() => parseCommandLine(['backup', '--name', 'a', '--name', 'b']), /more than once/);
    usageError(() => parseCommandLine(['backup', '--name']), /--name needs a value/);
    usageError(() => parseCommandLine(['backup', '--name', '--json']), /--name needs a value/);
    usageError(() => parseCommandLine(['backup', '--name=']), /--name needs a value/);
    usageError(() => parseCommandLine(['list', '--json=yes']), /--json takes no value/);
  });

  it('sees --help and -h anywhere before --', () => {
    assert.equal(wantsHelp(['list', '--help']), true);
    assert.equal(wantsHelp(['-h']), true);
    assert.equal(wantsHelp(['info', '--', '--help']), false);
    assert.equal(wantsHelp(['list']), false);
  });
});

describe('parseCount', () => {
  it('accepts whole numbers within bounds', () => {
    assert.equal(parseCount('keep', '5', 1, 10), 5);
    assert.equal(parseCount('port', '0', 0, 65535), 0);
  });

  it('rejects anything else with a message naming the flag', () => {
    usageError(() => parseCount('keep', 'abc', 1, 10), /--keep must be a whole number, not "abc"/);
    usageError(() => parseCount('keep', '-1', 1, 10), /whole number/);
    usageError(() => parseCount('keep', '1.5', 1, 10), /whole number/);
    usageError(() => parseCount('keep', '1e3', 1, 10), /whole number/);
    usageError(() => parseCount('keep', '0', 1, 10), /between 1 and 10/);
    usageError(() => parseCount('tracks', '300001', 1, 300000), /between 1 and 300000/);
  });
});
