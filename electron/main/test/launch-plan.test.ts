// `npm start`'s decision, branch by branch, with fake steps: Electron's binary and
// better-sqlite3's Electron build are fetched when missing; browser mode only when
// that fails (or is not wanted), with one line that says why.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planLaunch, reasonFrom, type Attempt, type LaunchSteps } from '../launch-plan';

interface Fake extends LaunchSteps {
  calls: string[];
}

function steps(o: {
  version?: string | null;
  binaryAtFirst?: boolean;
  download?: Attempt;
  binaryAfterDownload?: boolean;
  sqlite?: boolean;
  fetch?: Attempt;
  skipDownload?: boolean;
  browserAsked?: boolean;
}): Fake {
  const calls: string[] = [];
  let downloaded = false;
  let fetched = false;
  return {
    calls,
    electronVersion: o.version === undefined ? '45.4.1' : o.version,
    browserAsked: o.browserAsked ?? false,
    skipDownload: o.skipDownload ?? false,
    findBinary: () =>
      (o.binaryAtFirst ?? false) || (downloaded && (o.binaryAfterDownload ?? true)) ? '/e/electron' : null,
    downloadBinary: async () => {
      calls.push('download');
      const r = o.download ?? { ok: true };
      downloaded = r.ok;
      return r;
    },
    sqliteReady: () => (o.sqlite ?? false) || fetched,
    fetchSqlite: async () => {
      calls.push('fetch-sqlite');
      const r = o.fetch ?? { ok: true };
      fetched = r.ok;
      return r;
    },
    note: (line) => calls.push(`note: ${line}`),
  };
}

describe('npm start: Electron or browser mode', () => {
  it('runs Electron at once when the binary and the sqlite build are there', async () => {
    const s = steps({ binaryAtFirst: true, sqlite: true });
    assert.deepEqual(await planLaunch(s), { kind: 'electron', binary: '/e/electron' });
    assert.deepEqual(s.calls, [], 'nothing fetched');
  });

  it('downloads a missing binary with Electron’s install script, then fetches the sqlite build', async () => {
    const s = steps({});
    assert.deepEqual(await planLaunch(s), { kind: 'electron', binary: '/e/electron' });
    assert.deepEqual(s.calls, [
      'note: Downloading Electron 45.4.1 (once; about 100 MB)...',
      'download',
      'note: Fetching better-sqlite3 built for Electron 45.4.1 (once)...',
      'fetch-sqlite',
    ]);
  });

  it('falls back to browser mode, saying why in one line, when the download fails', async () => {
    const s = steps({ download: { ok: false, reason: 'fetch failed' } });
    const plan = await planLaunch(s);
    assert.deepEqual(plan, {
      kind: 'browser',
      why: 'Electron 45.4.1 could not be downloaded (fetch failed); starting browser mode instead.',
    });
    assert.ok(!s.calls.includes('fetch-sqlite'));
  });

  it('falls back when better-sqlite3’s Electron build cannot be fetched', async () => {
    const s = steps({ binaryAtFirst: true, fetch: { ok: false, reason: 'No prebuilt binaries found' } });
    assert.deepEqual(await planLaunch(s), {
      kind: 'browser',
      why: 'better-sqlite3 for Electron 45.4.1 could not be fetched (No prebuilt binaries found); starting browser mode instead.',
    });
  });

  it('does not download when ELECTRON_SKIP_BINARY_DOWNLOAD is set, or when browser mode is asked for', async () => {
    const skip = steps({ skipDownload: true });
    const plan = await planLaunch(skip);
    assert.equal(plan.kind, 'browser');
    assert.match(plan.kind === 'browser' ? plan.why : '', /ELECTRON_SKIP_BINARY_DOWNLOAD is set/);
    assert.deepEqual(skip.calls, []);
    const asked = steps({ binaryAtFirst: true, sqlite: true, browserAsked: true });
    assert.equal((await planLaunch(asked)).kind, 'browser');
  });

  it('says so when Electron is not installed at all, or its download left no binary', async () => {
    const none = await planLaunch(steps({ version: null }));
    assert.match(none.kind === 'browser' ? none.why : '', /^Electron is not installed/);
    const empty = await planLaunch(steps({ binaryAfterDownload: false }));
    assert.match(empty.kind === 'browser' ? empty.why : '', /downloaded but its binary is not where/);
  });
});

describe('the one-line reason', () => {
  it('takes the error line of a tool’s output, not its stack', () => {
    const out =
      'TypeError: fetch failed\n    at node:internal/deps/undici/undici:14976:13\n    at async FetchDownloader.download';
    assert.equal(reasonFrom(out, 'x'), 'fetch failed');
    assert.equal(
      reasonFrom(
        'prebuild-install warn install No prebuilt binaries found (target=45.4.1 runtime=electron)',
        'x',
      ),
      'No prebuilt binaries found (target=45.4.1 runtime=electron)',
    );
    // What prebuild-install says here, without network.
    assert.equal(
      reasonFrom('prebuild-install warn install getaddrinfo ENOTFOUND github.com\n', 'x'),
      'getaddrinfo ENOTFOUND github.com',
    );
    assert.equal(reasonFrom('', 'its install script exited with 1'), 'its install script exited with 1');
  });
});
