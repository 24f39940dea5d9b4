// Named moments at which a test can kill the process (SIGKILL, nothing runs after it),
// to check that every job leaves nothing behind that the next job does not clean up.
//
// `BACKBEAT_TEST_HANG_AT=<name>` instead blocks the thread that reaches it for good, as
// a system call on a dead drive would (meant for a worker thread: the test then checks
// that cancel and SIGTERM still end the job).
//
// `BACKBEAT_TEST_CRASH_AT=<name>` kills the process the first time that point is
// reached (worker threads see the same environment); `<name>#<n>` the n-th time. The
// variable is meant for tests only; without it a crash point costs one lookup.
const wanted = process.env.BACKBEAT_TEST_CRASH_AT ?? '';
const hang = process.env.BACKBEAT_TEST_HANG_AT ?? '';
const hits = new Map<string, number>();

export function crashPoint(name: string): void {
  if (hang !== '' && hang === name) {
    process.stderr.write(`backbeat test: hanging at ${name}\n`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  }
  if (wanted === '' || !wanted.startsWith(name)) return;
  const [point, nth] = wanted.split('#');
  if (point !== name) return;
  const count = (hits.get(name) ?? 0) + 1;
  hits.set(name, count);
  if (count === Number(nth ?? '1')) process.kill(process.pid, 'SIGKILL');
}
