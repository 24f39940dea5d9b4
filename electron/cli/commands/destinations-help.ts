// The help of dest, copy and recover, kept beside their commands so they stay in step.
export const DESTINATIONS_SHORT_USAGE = `  backbeat dest add <name> <location> | dest list | dest remove <name>
  backbeat dest prune <name> --policy "<policy>" [--apply]
  backbeat dest schedule <name> --every 6h|1d|off
  backbeat copy [--to NAME]
  backbeat recover --from NAME --to DIR [--snapshot REF]
`;

export const DESTINATIONS_HELP = `  dest add <name> <location> [--option NAME.KEY=VALUE]... [--credentials-file FILE]
      Add a destination: a copy of the repository off this machine. <location>
      is a folder (another disk), sftp:user@host:/path,
      s3:https://host/bucket/path (any S3-compatible service),
      rest:http(s)://host/path or rclone:remote:path. Its repository is created
      with this repository's chunker parameters, so deduplication carries over
      (one already there that the password opens is adopted). Nothing is saved
      unless it could be reached and opened. --option (repeatable): a restic
      option such as sftp.command=... (never a secret).

  dest list
      The destinations: location, last copy, size and health ("Not copied off
      this machine for 3 days" past three days without a copy; what its last
      check found). The size is what its snapshots take there (restic stats
      --mode raw-data), measured after each copy that changed it.

  dest remove <name>
      Forget a destination; its copy stays where it is.

  dest prune <name> --policy "<policy>" [--apply]
      Retention on a destination, in the policy language of cleanup --policy
      (keep-last, hourly, daily, weekly, monthly, yearly, within; or --keep-*
      flags), carried out by restic forget --prune on this library's Backbeat
      snapshots there. A preview (restic's dry run) unless --apply. The
      newest snapshot is always kept.

  dest schedule <name> --every 6h|1d|off
      Copy to this destination on its own schedule (1h to 30d, counted from its
      last copy), while the app runs and, with the OS timer installed
      (schedule install; it fires every 15 minutes for owed copies), while it
      is closed, besides the copies after each scheduled "database and audio"
      snapshot; off: only those. One per destination, as a disk at home and a
      metered cloud bucket want different rhythms. An unreachable destination
      is retried later (15 min doubling to 6 h). Every copy takes the
      repository lock (not the library's: database backups go on meanwhile);
      one that finds the repository busy stays owed and is made later.

  check --dest NAME [--read-data PERCENT]
      restic's check of a destination's copy, with that share of its data
      read back (--read-data-subset); the outcome shows in dest list.

  copy [--to NAME]
      Copy the snapshots a destination (or each) lacks, with progress; Ctrl-C
      cancels. A copy cut off half-way completes next time without starting
      over. A destination that cannot be reached is said so at once (a server
      that dies during a copy stops it with a sentence) and the others are
      still copied. Exit 0 when every destination is copied or up to date, 1
      when one failed.

  recover --from NAME --to DIR [--snapshot REF]
      Disaster recovery, with no local repository or library needed: bring
      back the newest (or REF) snapshot from a destination. NAME is a saved
      destination, or its location when the settings were lost too (then
      --option and --credentials-file as for dest add). The database is written
      as DIR/<its original file name>, each audio folder below DIR with its
      original path; DIR must be new or empty. --library DB picks that
      library's snapshots when the destination holds several libraries'.

      Credentials never go on the command line, in settings, output or logs:
      S3 keys from the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY),
      or a private KEY=VALUE file (--credentials-file FILE, else
      $BACKBEAT_DEST_CREDENTIALS_FILE; chmod 600) holding AWS_*, RESTIC_REST_USERNAME,
      RESTIC_REST_PASSWORD or RCLONE_CONFIG; SFTP uses your SSH keys. A
      destination's password is the repository's, unless
      --dest-password-file FILE (else $BACKBEAT_DEST_PASSWORD_FILE) names its own.
      JSON: dest add {destination, created}; dest list [{name, location, kind,
      lastCopy, health: {level, text}, size, lastCheck, copyEveryHours}];
      dest schedule the destination as in dest list; dest remove the
      removed destination; dest prune {name, location, applied, policy, keep,
      remove, size}; check --dest {outcome, message, errors, readDataPercent,
      checkedAt, name, location, staleLockCleared};
      copy {destinations: [{name, location, status (copied|up-to-date|failed),
      snapshotsCopied, lastCopy, error, seconds}]}; recover {from, snapshot,
      databasePath, folders: [{original, restoredTo}], filesRestored,
      bytesRestored}
`;
