// A copy under way, for tests of what may run beside one: held inside the lock every
// copy takes (copy-under-lock.ts) until the test releases it, as a first copy of a
// large library is held for hours. Resolves once the lock is held.
import { underCopyLock } from '../copy-under-lock';
import type { DestScope } from '../operations';

export interface HeldCopy {
  release(): void;
  /** Settles once the released copy let go of its lock. */
  done: Promise<void>;
}

export async function holdCopy(scope: Pick<DestScope, 'libraryPath'>): Promise<HeldCopy> {
  let started = (): void => undefined;
  let release = (): void => undefined;
  const inside = new Promise<void>((r) => (started = r));
  const gate = new Promise<void>((r) => (release = r));
  const done = underCopyLock(scope, ['usb'], () => {
    started();
    return gate;
  });
  await inside;
  return { release, done };
}
