// The CLI's help: the full text for --help, and a short reminder after a usage error.
// The schedule and status entries live beside their commands, so they stay in step.
import { SCHEDULE_HELP, STATUS_HELP } from './help-texts';
import { REPOSITORY_HELP, REPOSITORY_SHORT_USAGE } from './commands/repository-help';
import { DESTINATIONS_HELP, DESTINATIONS_SHORT_USAGE } from './commands/destinations-help';

export const SHORT_USAGE = `Usage:
  backbeat demo <dir> [--tracks N] [--with-audio]
  backbeat stats [--data-dir DIR]
  backbeat backup [--name NAME]
  backbeat list
  backbeat info <ref>
  backbeat verify <ref> | --all
  backbeat restore <ref> [--apply] [--include KINDS] [--undo] [--replace]
  backbeat cleanup --keep N [--dry-run]
  backbeat cleanup --policy "<policy>" [--dry-run]
  backbeat rescan [--force] [--confirm YES] [--workers N] [--limit N] [--retry-failed]
  backbeat status
  backbeat schedule [status | set <when> [policy] | on | off | run | install | uninstall | prune]
  backbeat serve [--library DB] [--port N] [--no-open]
${REPOSITORY_SHORT_USAGE}${DESTINATIONS_SHORT_USAGE}Common options: --library <db>  --backup-dir <dir>  --json  --help
Run \`backbeat --help\` for details.
`;

export const HELP = `backbeat: backups, restore previews and safe restores for audio-library databases

Usage: backbeat <command> [options]

Commands
  demo <dir> [--tracks N] [--with-audio]
      Write a demo library to <dir>/library.db (N tracks, 1..300000; refuses to
      overwrite one). Prints its path and the next command to try.
      --with-audio: also give every track a short synthesized audio file (under
      <dir>/music), so \`rescan\` has something to analyse.

  stats [--data-dir DIR]
      What the library holds: tracks, analysed (beat3tower / legacy), pending,
      failed, database size, and which tracks-table layout it uses. Failed
      includes the failures \`rescan\` remembers in the app's data folder (for
      layout A, whose table has no column for them); a track counts as failed
      only while it still has no analysis.

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
      left alone. A safety backup of the current state is made first, and the
      command that undoes the restore is printed.
      --include KINDS: which changes to write, comma-separated (default
      fills,replaces; "all" for every kind). fills: the library has no
      analysis, the backup has some. replaces: both have analysis and the
      backup's differs. downgrades: beat3tower in the library, legacy in the
      backup. erases: analysis in the library, none in the backup. Tracks of
      kinds not chosen keep their analysis, and the preview says how many.
      --undo: <ref> is a restore's safety backup; put back exactly what that
      restore wrote (tracks analysed again since keep their newer analysis).
      --other-library: restore although the backup looks like another
      library's (different path or schema and few tracks match); refused
      without it, before anything is written.
      --replace: replace the whole database with the backup's copy instead.
      Without --apply this previews what replace would do: how many tracks
      would leave the library (added since the backup) and come back. With
      --apply the current database is saved beside the library and a safety
      backup is made first; on a terminal you must type YES to go ahead.

  cleanup --keep N [--dry-run]
      Remove all but the N newest backups (N >= 1). Pinned backups are always
      kept. --dry-run shows what would be removed and removes nothing.

  cleanup --policy "<policy>" [--dry-run]
      Apply a retention policy: comma-separated rules, e.g.
      "keep-last=5,daily=7,weekly=4,monthly=12,yearly=2,within=30d" (calendar
      rules keep the newest backup of each of the last N days, weeks, ...;
      frequent=N, moderate=N, milestone=N keep a rescan's checkpoints), or the
      same as flags: --keep-last 5 --keep-daily 7 --keep-within 30d ...
      "none" keeps everything. Pinned and named backups, the 3 newest, the
      newest verified one and the one with the most analysed tracks are always
      kept. Lists each backup kept with the rules that keep it, and what goes;
      --dry-run removes nothing. Deletes holding the library lock.

  rescan [--force] [--confirm YES] [--workers N] [--limit N] [--retry-failed]
      Re-analyse the library's audio and write the results back, 50 tracks per
      transaction. Safe by default: only tracks with no analysis (and, with
      --retry-failed, those whose analysis failed before). --force re-analyses
      every track and overwrites what is there: it first says how many tracks
      would be overwritten (and how many hold beat3tower features), then on a
      terminal asks you to type YES; without a terminal it needs --confirm YES
      (exactly; anything else is refused, nothing changed). A backup
      (auto_before_force) is made before anything is overwritten.
      --workers N: analysis threads (1..64, default cores - 1). --limit N: at
      most N tracks. Progress shows tracks done, tracks/s, time left and the
      current file; Ctrl-C cancels and keeps the batches already written. The
      summary lists the first 20 failures with reasons. Exit 0 only when every
      selected track was analysed; 1 when some failed or it was cancelled.
      --data-dir <dir>: the app's data folder, where failures are remembered.
      With backups during rescans saved for the library (\`schedule set
      --rescan-backups\`), a backup is made each time the analysed count passes
      one of their multiples (tagged frequent, moderate or milestone), as the
      app's rescan does; the summary lists them.

${STATUS_HELP}
${SCHEDULE_HELP}
  serve [--library DB] [--port N] [--no-open]
      Run the app in your browser: serves it on 127.0.0.1 (port N, default: a
      free one) with a per-launch token, prints the address on a line of its
      own and opens the browser unless --no-open. Ctrl-C stops it. Settings live
      in the app's data folder (BACKBEAT_DATA_DIR overrides it).

${REPOSITORY_HELP}
${DESTINATIONS_HELP}
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

Environment
  BACKBEAT_DATA_DIR      The app's data folder, where saved schedules and the
                         record of scheduled runs live (default: the platform's
                         per-user config folder, e.g. ~/.config/Backbeat).
                         \`stats\`, \`rescan\`, \`status\` and \`schedule\`
                         also take --data-dir <dir>;
                         \`schedule install\` passes a non-default one on to
                         the timer's command.
  HOME, XDG_CONFIG_HOME  Where \`schedule install\` puts the OS timer's files.
  BACKBEAT_OS_TIMER_DRY  Set to 1: \`schedule install | uninstall | status\`
                         write, remove and read the timer files but never call
                         systemctl, launchctl or schtasks.

JSON output
  stats    {libraryPath, variant, totalTracks, analyzed, pending, failed,
            beat3tower, legacy, databaseBytes}
  backup   the new backup's metadata
  list     [{id, name, createdAt, trigger, trackCount, beat3tower, sizeBytes,
            sha256, status, problem, pinned, verified, lastVerified}]
  info     the backup's metadata plus status and problem
  verify   {id, ok, problems, checkedAt}; with --all {ok, results: [...]}
  restore  preview: {mode, applied: false, toRestore (what the chosen kinds
            write), include, fills, replaces, downgrades, erases,
            analysedSinceBackup, otherLibrary, undo, unchanged, notInLibrary,
            libraryOnly, matchedByPath, formatsBefore, formatsAfter, changes
            (first 50, each with its kind), changesTotal, unmatched (first 50),
            unmatchedTotal, replace}; with --apply: {backupId, mode,
            safetyBackupId, restored, written (by kind), keptByKind, include,
            undoable, undoCommand, savedLivePath}
  cleanup  {dryRun, removed: [...], kept: [...]}; with a policy also {policy,
            policyText, decisions: [{id, createdAt, name, keep, reasons:
            [{rule, text}]}], failures}
  status   {enabled, schedule, backupFolder, retentionPolicy, count,
            newestBackup: {id, name, createdAt, ageText, sizeBytes, trigger},
            lastRun: {time, status, sizeBytes, error}, health: {level, text,
            warning}}
  schedule status: {library, config, nextDueAt, lastRun, timer}; set, on,
            off: the saved config; run: {outcome, exitCode, message, backupId,
            removed}; install: {platform, files, activated, messages};
            uninstall: {removed, messages}; prune: like cleanup with a policy
  rescan   {plan: {variant, mode, totalTracks, toAnalyse, wouldOverwrite,
            wouldOverwriteBeat3tower, alreadyAnalysed, previouslyFailed,
            defaultWorkers}, summary: {mode, variant, selected, analysed,
            failed: [{trackId, filePath, reason}], failedCount, skipped,
            cancelled, backupId, workers, seconds, tracksPerSecond,
            busyRetries}, progressBackups: [{id, name, tier}]}
  demo     like stats, for the new library
  serve    {url, port} on one line

Progress bars (phase, percent, time left) are drawn on stderr when it is a
terminal, never with --json. Ctrl-C during a job cancels it cleanly: nothing is
changed, exit code 1.

Exit codes
  0  success
  1  the operation failed or found a problem (verify with problems, a failed
     restore, a missing or unreadable library, cancelled, a rescan with
     failed tracks or a force rescan not confirmed)
  2  bad usage: unknown command or option, missing argument, bad number, name,
     schedule or retention policy
  (schedule run also exits 75 when the library was busy; see above)

Examples
  backbeat demo /tmp/demo --tracks 2000
  backbeat backup --library ~/music/library.db --name before-rescan
  backbeat restore latest --library ~/music/library.db
  backbeat restore before-rescan --library ~/music/library.db --apply
  backbeat cleanup --keep 10 --dry-run --json
  backbeat cleanup --policy "keep-last=5,daily=7,weekly=4" --dry-run
  backbeat schedule set daily 03:00 keep-last=5,daily=7 && backbeat schedule install
  backbeat status --json
`;
