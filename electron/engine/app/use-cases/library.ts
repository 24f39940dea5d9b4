// Use cases that read the library itself: is it a library database, and what it holds.
// Light on purpose (the CLI checks --library before it runs any command); the statistics
// with the rescan's failure records are in library-stats.ts.
export { assertSqliteFile, getLibraryStats } from '../../library/library';
