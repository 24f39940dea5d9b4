// Use cases of off-site destinations: add, list and remove them, copy the repository to
// one, recover from one, prune and check one. The credential variables' names are re-exported for the CLI.
export { CREDENTIALS_FILE_ENV, DEST_PASSWORD_FILE_ENV } from '../../destinations/credentials';
export { copyUnderLock } from '../../destinations/copy-under-lock';
export {
  addDestination,
  destinationCountOf,
  listDestinations,
  removeDestination,
  setDestinationSchedule,
  type DestScope,
} from '../../destinations/operations';
export { describeCopyEvery, parseCopyEvery } from '../../destinations/copy-schedule';
export { checkDestinationOperation } from '../../destinations/check';
export { pruneDestinationOperation } from '../../destinations/prune';
export { recoverOperation } from '../../destinations/recover';
