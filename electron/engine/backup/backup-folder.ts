// Whether a folder can hold backups, checked when it is chosen and before every backup,
// with a sentence that says what is wrong: a relative path, a file, a read-only disk, a
// folder Backbeat may not write, or a system pseudo file system (/proc, /sys...) where
// files cannot be made. (On /proc, Node's recursive mkdir never returns, so a backup
// there hung before it started; folders are made one level at a time, here, instead.)
import fs from 'node:fs';
import path from 'node:path';
import { ContractError } from '../../../shared/errors';
import { describeFsError, isErrnoCode } from '../fs/fs-errors';

/** Linux file systems that cannot hold ordinary files, by statfs magic number. */
const PSEUDO_FILE_SYSTEMS: ReadonlyMap<number, string> = new Map([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x1cd1, 'devpts'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0xcafe4a11, 'bpf'],
  [0x6165676c, 'pstore'],
  [0x62656570, 'configfs'],
  [0xde5e81e4, 'efivarfs'],
  [0xf97cff8c, 'selinuxfs'],
  [0x19800202, 'mqueue'],
  [0x42494e4d, 'binfmt_misc'],
  [0x65735543, 'fusectl'],
]);

function refuse(dir: string, reason: string): ContractError {
  return new ContractError(
    'io',
    `Cannot use the backup folder ${dir}: ${reason}. Choose another backup folder.`,
  );
}

/** The nearest path at or above `dir` that exists, and whether it is a folder. */
async function nearestExisting(dir: string): Promise<{ at: string; isDir: boolean }> {
  let current = dir;
  for (;;) {
    try {
      const stat = await fs.promises.stat(current);
      return { at: current, isDir: stat.isDirectory() };
    } catch (err) {
      if (!isErrnoCode(err, 'ENOENT')) throw err;
    }
    const parent = path.dirname(current);
    if (parent === current) return { at: current, isDir: true };
    current = parent;
  }
}

/** Throws a ContractError saying why `dir` cannot hold backups; resolves when it can. */
export async function checkBackupFolder(dir: string): Promise<void> {
  if (!path.isAbsolute(dir)) {
    throw new ContractError(
      'bad-arguments',
      `The backup folder "${dir}" is a relative path; give its full path (for example ${path.resolve(dir)}).`,
    );
  }
  let found: { at: string; isDir: boolean };
  try {
    found = await nearestExisting(dir);
  } catch (err) {
    throw refuse(dir, describeFsError(err));
  }
  if (!found.isDir) {
    throw refuse(
      dir,
      found.at === dir ? 'it is a file, not a folder' : `${found.at} is a file, not a folder`,
    );
  }
  try {
    const fsType = PSEUDO_FILE_SYSTEMS.get(Number((await fs.promises.statfs(found.at)).type));
    if (fsType) throw refuse(dir, `it is on the system's ${fsType} file system, which cannot hold files`);
  } catch (err) {
    if (err instanceof ContractError) throw err;
    // statfs is missing on some systems; the write checks below still apply.
  }
  try {
    await fs.promises.access(found.at, fs.constants.W_OK);
  } catch (err) {
    if (isErrnoCode(err, 'EROFS')) throw refuse(dir, 'it is on a read-only disk');
    if (isErrnoCode(err, 'EACCES', 'EPERM'))
      throw refuse(dir, 'Backbeat may not write there (permission denied)');
    throw refuse(dir, describeFsError(err));
  }
}

/** Checks `dir` (see checkBackupFolder), then makes it and any missing parents, one level at a time. */
export async function ensureBackupFolder(dir: string): Promise<void> {
  await checkBackupFolder(dir);
  const missing: string[] = [];
  for (let current = dir; !fs.existsSync(current); current = path.dirname(current)) {
    missing.unshift(current);
    if (path.dirname(current) === current) break;
  }
  for (const folder of missing) {
    try {
      await fs.promises.mkdir(folder);
    } catch (err) {
      if (isErrnoCode(err, 'EEXIST') && fs.statSync(folder).isDirectory()) continue;
      if (isErrnoCode(err, 'EROFS')) throw refuse(dir, 'it is on a read-only disk');
      if (isErrnoCode(err, 'EEXIST')) throw refuse(dir, 'a file is in the way');
      throw refuse(dir, describeFsError(err));
    }
  }
}
