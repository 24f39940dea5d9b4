// The CLI's help: the full text for --help, and a short reminder after a usage error.

export const SHORT_USAGE = `Usage:
  backbeat demo <dir> [--tracks N]
  backbeat stats
  backbeat backup [--name NAME]
  backbeat list
  backbeat info <ref>
  backbeat verify <ref> | --all
  backbeat restore <ref> [--apply] [--replace]
  backbeat cleanup --keep N [--dry-run]
  backbeat serve [--library DB] [--port N] [--no-open]
Common options: --library <db>  --backup-dir <dir>  --json  --help
Run \`backbeat --help\` for details.
`;

export const HELP = `backbeat: backups, restore previews and safe restores for audio-library databases

Usage: backbeat <command> [options]

Commands
  demo <dir> [--tracks N]
      Write a demo library to <dir>/library.db (N tracks, 1..300000; refuses to
      overwrite one). Prints its path and the next command to try.

  stats
      What the library holds: tracks, analysed (beat3tower / legacy), pending,
      failed, database size, and which tracks-table layout it uses.

  backup [--name NAME]
      Back up the library now: a consistent snapshot (safe while a scan writes to
      it), compressed, checksummed. NAME: 1..64 characters, no / \\ or "..".

  list
      The backups in the backup folder, newest first.

  info <ref>
      Everything recorded about one backup. Exit 1 if its metadata is unreadable.

  verify <ref> | --all
      Check a backup (or every backup) end to end: checksum, decompression,
      SQLite integrity check and track count. Exit 1 if any has a problem.

  restore <ref> [--apply] [--replace]
      Without --apply: a preview; nothing is changed. It lists how many tracks
      would get their analysis back (matched by track id, else by file path),
      how many are unchanged, in the backup only, or in the library only, the
      analysis formats before and after, and the first 50 changes.
      --apply: restore the analysis columns of matched tracks in one
      transaction. Only the analysis changes; every other column and table is
      left alone. A safety backup of the current state is made first.
      --replace: replace the whole database with the backup's copy instead.
      Without --apply this previews what replace would do: how many tracks
      would leave the library (added since the backup) and come back. With
      --apply the current database is saved beside the library and a safety
      backup is made first; on a terminal you must type YES to go ahead.

  cleanup --keep N [--dry-run]
      Remove all but the N newest backups (N >= 1). Pinned backups are always
      kept. --dry-run shows what would be removed and removes nothing.

  serve [--library DB] [--port N] [--no-open]
      Run the app in your browser: serves it on 127.0.0.1 (port N, default: a
      free one) with a per-launch token, prints the address on a line of its
      own and opens the browser unless --no-open. Ctrl-C stops it. Settings live
      in the app's data folder (BACKBEAT_DATA_DIR overrides it).

<ref> names a backup: its id, its name, a unique prefix of its id, or "latest".
A ref that fits several backups lists them.

Common options
  --library <db>      The library database (default: $BACKBEAT_LIBRARY).
  --backup-dir <dir>  The backup folder (default: $BACKBEAT_BACKUP_DIR, else
                      backbeat-backups beside the library).
  --json              Print exactly one JSON document on stdout and nothing else
                      there; messages go to stderr, no progress bar. On failure
                      (exit 1) the document is {"ok": false, "error": {"code",
                      "message"}}.
  --help, -h          This help.

JSON output
  stats    {libraryPath, variant, totalTracks, analyzed, pending, failed,
            beat3tower, legacy, databaseBytes}
  backup   the new backup's metadata
  list     [{id, name, createdAt, trigger, trackCount, beat3tower, sizeBytes,
            sha256, status, problem, pinned, verified, lastVerified}]
  info     the backup's metadata plus status and problem
  verify   {id, ok, problems, checkedAt}; with --all {ok, results: [...]}
  restore  preview: {mode, applied: false, toRestore, unchanged, notInLibrary,
            libraryOnly, matchedByPath, formatsBefore, formatsAfter, changes
            (first 50), changesTotal, unmatched (first 50), unmatchedTotal,
            replace}; with --apply: {backupId, mode, safetyBackupId, restored,
            savedLivePath}
  cleanup  {dryRun, removed: [...], kept: [...]}
  demo     like stats, for the new library
  serve    {url, port} on one line

Progress bars (phase, percent, time left) are drawn on stderr when it is a
terminal, never with --json. Ctrl-C during a job cancels it cleanly: nothing is
changed, exit code 1.

Exit codes
  0  success
  1  the operation failed or found a problem (verify with problems, a failed
     restore, a missing or unreadable library, cancelled)
  2  bad usage: unknown command or option, missing argument, bad number or name

Examples
  backbeat demo /tmp/demo --tracks 2000
  backbeat backup --library ~/music/library.db --name before-rescan
  backbeat restore latest --library ~/music/library.db
  backbeat restore before-rescan --library ~/music/library.db --apply
  backbeat cleanup --keep 10 --dry-run --json
`;
