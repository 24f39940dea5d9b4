// The two destinations the copy-loop tests start from (the app's loop and the OS
// timer's run alike): a repository with one snapshot, "cloud" (a folder, copied to,
// its own schedule every day) and "usb" (copied to at the same time, its disk now
// unplugged, every 6 hours), both last copied at the scope's `now`.
import fs from 'node:fs';
import path from 'node:path';
import { initRepository, snapshotOperation } from '../../repository/operations';
import { updateLibraryRepoConfig } from '../../repository/repo-config';
import { quiet, type RepoWorld } from '../../repository/test/repo-fixtures';
import { copyOperation } from '../copy';
import { addDestination, setDestinationSchedule, type DestScope } from '../operations';

export async function cloudAndUnpluggedUsb(w: RepoWorld, scope: DestScope): Promise<void> {
  await initRepository({ ...w.scope, repo: w.repo });
  await snapshotOperation(w.scope, { trigger: 'manual', ctx: quiet() });
  fs.mkdirSync(path.join(w.dir, 'cloud'));
  await addDestination(scope, { name: 'cloud', location: path.join(w.dir, 'cloud', 'copy') });
  await copyOperation(scope, { to: 'cloud', ctx: quiet() });
  await setDestinationSchedule(scope, 'cloud', 24);
  // Saved as `dest add` saves it, while the disk was plugged in.
  await updateLibraryRepoConfig(w.dataDir, w.libraryPath, (c) => ({
    ...c,
    destinations: [
      ...(c.destinations ?? []),
      { ...c.destinations![0]!, name: 'usb', location: path.join(w.dir, 'usb-unplugged', 'copy') },
    ],
  }));
  await setDestinationSchedule(scope, 'usb', 6);
}
