// The watchdog that stops a restic stuck on a destination: a retry while the
// destination refuses connections stops it at once; a retry while it still answers
// does not; no progress for the idle time stops it; the caller's cancel passes through;
// a server answering 5xx again and again, or refusing the credentials, stops it too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { startWatchdog } from '../watchdog';
import type { ParsedLocation } from '../location';

const loc: ParsedLocation = { kind: 'rest', location: 'rest:http://127.0.0.1:9/copy' };
const RETRY = 'Save(<data/ab12>) returned error, retrying after 603ms: connection refused';
const HOUR = 60 * 60 * 1000;

test('a retry while the destination is unreachable stops restic with a sentence', async () => {
  const wd = startWatchdog('home', 'copy', loc, [], new AbortController().signal, {
    idleMs: HOUR,
    probe: () => Promise.resolve('127.0.0.1:9 (connection refused)'),
  });
  try {
    wd.onWarning('some other warning');
    assert.equal(wd.signal.aborted, false, 'only a retry makes it look');
    wd.onWarning(RETRY);
    await once(wd.signal, 'abort');
    assert.match(
      wd.stopped()!.message,
      /^Could not reach destination "home" during the copy: 127\.0\.0\.1:9 \(connection refused\)\. .*next copy picks up/,
    );
  } finally {
    wd.dispose();
  }
});

test('a retry while the destination still answers leaves restic to its own retries', async () => {
  let probed = 0;
  const wd = startWatchdog('home', 'copy', loc, [], new AbortController().signal, {
    idleMs: HOUR,
    probe: () => {
      probed += 1;
      return Promise.resolve(null);
    },
  });
  try {
    wd.onWarning(RETRY);
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    assert.equal(probed, 1);
    assert.equal(wd.signal.aborted, false);
    assert.equal(wd.stopped(), null);
  } finally {
    wd.dispose();
  }
});

test('no progress for the idle time stops restic; the caller cancelling is not the watchdog', async () => {
  const wd = startWatchdog('home', 'recovery', loc, [], new AbortController().signal, {
    idleMs: 30,
    probe: () => Promise.resolve(null),
  });
  // The watchdog's timer does not hold the process open (unref); this test's does.
  const keepAlive = setInterval(() => undefined, 1000);
  try {
    await once(wd.signal, 'abort');
    assert.match(
      wd.stopped()!.message,
      /^Destination "home" stopped answering: no progress for 1 s, so the recovery was stopped\./,
    );
  } finally {
    clearInterval(keepAlive);
    wd.dispose();
  }

  const parent = new AbortController();
  const other = startWatchdog('home', 'copy', loc, [], parent.signal, { idleMs: HOUR });
  try {
    parent.abort();
    assert.equal(other.signal.aborted, true);
    assert.equal(other.stopped(), null);
  } finally {
    other.dispose();
  }
});

test('a server answering 5xx to every store, four times in a row, stops restic; progress between resets the count', async () => {
  const wd = startWatchdog('home', 'copy', loc, [], new AbortController().signal, {
    idleMs: HOUR,
    probe: () => Promise.resolve(null), // it answers: only its answers say something is wrong
  });
  const err500 = (ms: number) =>
    `Save(<data/1dd256fea1>) returned error, retrying after ${ms}ms: unexpected HTTP response (500): 500 Internal Server Error`;
  try {
    wd.onWarning(err500(848));
    wd.onWarning(err500(1613));
    wd.onWarning(err500(4457));
    wd.progress(); // a pack was stored: a passing hiccup, not a refusal
    wd.onWarning(err500(848));
    wd.onWarning(
      'Load(<data/ab12>) returned error, retrying after 500ms: unexpected HTTP response (404): 404 Not Found',
    );
    wd.onWarning(err500(1613));
    wd.onWarning(err500(4457));
    assert.equal(wd.signal.aborted, false, 'three 5xx since the last progress');
    wd.onWarning(err500(10118));
    assert.equal(wd.signal.aborted, true);
    assert.equal(
      wd.stopped()!.message,
      'Destination "home" refused to store data: its server answered HTTP 500 to 4 tries in a row, so the copy was stopped. Its disk may be full, or the server has a problem; look at the server. Nothing local changed; the next copy picks up where this one stopped.',
    );
  } finally {
    wd.dispose();
  }
});

test('credentials the server refuses stop restic at the first retry, with a sentence that repeats no key', () => {
  const wd = startWatchdog('bucket', 'copy', loc, [], new AbortController().signal, {
    idleMs: HOUR,
    probe: () => Promise.resolve(null), // it answers: it refuses the keys
  });
  try {
    wd.onWarning(
      'Stat(<config/>) returned error, retrying after 1.025014483s: Stat: The AWS Access Key Id you provided does not exist in our records.',
    );
    assert.equal(wd.signal.aborted, true);
    assert.equal(
      wd.stopped()!.message,
      'Destination "bucket" refused the credentials it was given (an unknown key, a wrong secret or password, or no permission), so the copy was stopped. Nothing local changed; correct the keys in its credentials file or environment, then try again.',
    );
  } finally {
    wd.dispose();
  }
});
