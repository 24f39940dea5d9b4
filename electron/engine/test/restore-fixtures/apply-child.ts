// Child process for the atomicity test: runs the additive restore in-process and kills
// itself (SIGKILL, no cleanup of any kind) after a given number of rows were written,
// in the middle of the transaction.
//
//   node apply-child.js <libraryPath> <backupCopyPath> <killAfterRows>
import { silentContext } from '../../progress';
import { applyAdditive } from '../../restore-additive';

const [libraryPath, backupCopyPath, killAfter] = process.argv.slice(2);
const killAfterRows = Number(killAfter);

applyAdditive({ libraryPath: libraryPath!, backupCopyPath: backupCopyPath! }, silentContext(), {
  afterRowWritten: (rows) => {
    if (rows === killAfterRows) process.kill(process.pid, 'SIGKILL');
  },
}).then(
  () => process.exit(3), // reaching the end means the kill never happened
  (err: unknown) => {
    process.stderr.write(`${String(err)}\n`);
    process.exit(4);
  },
);
