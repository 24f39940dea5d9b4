// Help for the repository commands (audio folders and database as restic snapshots),
// kept beside them; usage.ts puts it into the full help.
export const REPOSITORY_SHORT_USAGE = `  backbeat repo init [--repo PATH]
  backbeat folders [list | add DIR [--exclude PATTERN]... | remove DIR]
  backbeat snapshot [--name NAME]
  backbeat snapshots
  backbeat files <snapshot> [PATH]
  backbeat diff <a> <b>
  backbeat check [--read-data PERCENT]
  backbeat forget [--policy P | --keep-* N] [--apply]
  backbeat restore-files <snapshot> (PATH... | --track REF...) [--to DIR] [--apply]
  backbeat crosscheck
  backbeat export <snapshot> [PATH] --out FILE
`;

export const REPOSITORY_HELP = `  repo init [--repo PATH]
      Create the library's repository for whole-library snapshots: restic,
      encrypted and deduplicated, with compression on (default PATH:
      backbeat-repository beside the library; choose another disk). An
      existing repository that the password opens is adopted. Remembered per
      library in the data folder. Needs restic 0.17 or newer: $BACKBEAT_RESTIC,
      the copy bundled with the app, else restic on PATH.

  folders [list | add DIR [--exclude PATTERN]... | remove DIR]
      The audio folders snapshots hold. Until edited, the folders that hold the
      library's tracks (from their file_path values) are proposed. add DIR
      adds a folder (or replaces its patterns); --exclude PATTERN (repeatable,
      gitignore style, relative to DIR: "*.tmp", "Podcasts/", "/Live/*.wav")
      leaves files out.

  snapshot [--name NAME]
      Store the audio folders and a consistent copy of the database (taken
      like a backup's, uncompressed so the repository deduplicates it) as one
      snapshot, tagged with the library and the trigger. Nothing changed since
      the newest snapshot: none is made (exit 0). A folder that is missing
      (drive unplugged) stops it before anything is stored. Files that cannot
      be read make a partial snapshot: each is named, exit 1. Progress with
      bytes, files and time left; Ctrl-C cancels (restic stores nothing).

  snapshots
      The library's snapshots, oldest first: id, name, time, trigger, files new
      and changed, data added.

  files <snapshot> [PATH]
      The entries of one folder of a snapshot (default: its root), or the one
      file PATH names: type, size, path. Each snapshot's listing is read once
      into Backbeat's own index (repository-index.sqlite in the data folder);
      browsing after that never runs restic per folder.

  diff <a> <b>
      Files added, removed and changed (size or modification time) from
      snapshot a to snapshot b, with their sizes.

  check [--read-data PERCENT]
      restic's check of the repository: its structure, and with --read-data
      that share of its data (0 < PERCENT <= 100) read back and verified.
      Exit 0 when no error was found; 1 when errors were found (each listed)
      or it could not check. A lock left by a killed restic is removed first
      (restic unlock removes only stale locks). The outcome is recorded for
      health (repository-check.json in the data folder).

  forget [--policy P | --keep-last N --keep-daily N ...] [--apply]
      Retention for this library's snapshots, in the policy language of
      \`schedule prune\` (without a policy: the schedule's --snapshot-policy).
      Without --apply: restic's own preview (forget --dry-run) of the
      snapshots that would be forgotten, and why each other one stays; named
      snapshots and the newest are always kept. --apply forgets exactly those
      and prunes their data. Snapshots not tagged as this library's Backbeat
      snapshots are never touched.

  restore-files <snapshot> (PATH... | --track REF...) [--to DIR] [--apply]
      Put files of a snapshot back. PATH: a file or folder as the snapshot
      holds it (absolute). --track REF (repeatable): a library track's id or
      file path; its audio file is restored. Without --apply: a preview of
      which files would be written new, overwritten, or left alone because
      they are identical (same size and modification time); nothing changes.
      --apply writes them, with progress: restic restores into a staging
      folder on the same disk, then each file is moved into place at once; a
      file that is overwritten is kept first beside it as
      NAME.before-restore-STAMP.EXT, so nothing is lost. --to DIR (an
      existing, absolute folder): restore below DIR, keeping the paths.

  crosscheck
      Compare the library with its audio: tracks whose file is missing (with
      the newest snapshot that holds it), unreadable, or changed since the
      newest snapshot (size or modification time), and audio files in the
      audio folders that no track refers to. Exit 0 when all is in order, 1
      when something is listed.

  export <snapshot> [PATH] --out FILE
      Write a snapshot (or the folder PATH of it) as one archive: .tar.gz or
      .zip by FILE's ending, written atomically, with FILE.sha256 beside it
      (sha256sum format: check with sha256sum -c). An existing FILE is
      refused; PATH must be a folder (restore-files --to DIR gets one file).

      <snapshot> is an id, a unique id prefix, a name or "latest".

      Repository commands take --repo PATH (else the saved one), --data-dir DIR
      and --password-file FILE (else $BACKBEAT_REPO_PASSWORD_FILE; refused when
      others can read it; on a terminal the password is asked for instead). The
      password never appears in arguments, output or settings.
      JSON: repo init {repo, id, created}; folders {libraryPath, repo, folders:
      [{path, excludes, present}], foldersProposed}; snapshot {status
      (created|unchanged|partial), snapshot, unreadable: [{path, reason}],
      filesNew, filesChanged, filesUnmodified, dataAdded, totalFiles,
      totalBytes, database}; snapshots [{id, shortId, time, name, trigger,
      filesNew, filesChanged, dataAdded, totalFiles, totalBytes}]; files
      {snapshot, path, entries: [{path, type, size, mtime}]}; diff {from, to,
      added: [{path, size}], removed: [{path, size}], changed: [{path, size,
      sizeBefore}]}; check {outcome (ok|errors), message, errors, brokenPacks,
      readDataPercent, staleLockCleared, repo, checkedAt}; restore-files
      {snapshot, to, files: [{path, destination, action
      (new|overwrite|identical), size, trackId}], counts, bytesToWrite}, with
      --apply also {applied, movedAside: [{path, movedTo}], written};
      crosscheck {missing: [{path, trackId, snapshot}], unreadable: [{path,
      trackId, reason}], changed: [{path, trackId, size, sizeInSnapshot,
      mtime, mtimeInSnapshot}], unreferenced: [{path, size}], newestSnapshot,
      tracks, audioFilesSeen}; export {snapshot, path, file, format, bytes,
      sha256, sha256File}. A path whose names are not UTF-8 holds U+FFFD
      there, as restic lists it, and comes with its display form beside it
      (the bytes as \\xFF): display in files, diff and restore-files, also
      destinationDisplay, and movedAside's display and movedToDisplay.
`;
