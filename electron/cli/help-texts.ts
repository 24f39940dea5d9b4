// Help text of the commands with the longest help, kept apart from their code so that
// printing help loads no engine module (see main.ts).

/** Lines for the CLI's --help (the lead pastes these into usage.ts). */
export const STATUS_HELP = `  status
      Whether backups are running: schedule, backup folder, retention policy,
      how many backups, the newest one and its age, the last scheduled run.
      Warns when the newest backup is older than twice the schedule's interval
      or the last run failed. --json: {enabled, schedule, backupFolder,
      retentionPolicy, count, newestBackup, lastRun: {time, status, sizeBytes,
      error}, health}.
`;

/** Lines for the CLI's --help (the lead pastes these into usage.ts). */
export const SCHEDULE_HELP = `  schedule [status]
      The library's backup schedule, retention policy, last run and OS timer.
  schedule set <when> [policy] [--rescan-backups <tiers>]
      <when>: "every 6h", "daily 03:00" or "weekly sunday 03:00" (local time).
      [policy]: comma-separated rules, e.g. keep-last=5,daily=7,weekly=4,
      monthly=12,yearly=2,within=30d,frequent=3,moderate=5,milestone=10, or
      the same as --policy "..." or as --keep-last 5 --keep-daily 7 ... flags.
      Pinned and named backups, the 3 newest, the newest verified one and the
      one with the most analysed tracks are always kept.
      --rescan-backups: back up during a rescan (the app's and \`rescan\`'s)
      each time the analysed count passes a multiple: "default" (frequent=25,
      moderate=100,milestone=500), "off", or your own, e.g. frequent=50,
      milestone=1000. Without it the saved setting is kept. Backups during
      rescans happen even while timed backups are off.
      --scope db|all: back up the database only (the default) or also the
      audio: each scheduled run then makes a repository snapshot (as
      \`snapshot\`, trigger scheduled) after the database backup, and copies it
      to every destination (one that cannot be reached is tried again after
      15 min, doubling to 6 h). --snapshot-policy "daily=7,weekly=4": forget
      older snapshots after each one ("none": keep all). --check-every DAYS
      [--read-data PCT]: a repository check every DAYS days ("off": none).
  schedule on | off
      Turn scheduled backups on or off (the schedule is kept).
  schedule run
      Back up now if a backup is due, then apply the retention policy. This is
      what the OS timer runs. Exit 0 done or nothing due, 1 failed, 2 no
      schedule, 75 the library was busy.
  schedule install | uninstall
      Add or remove the OS timer (systemd user timer, launchd agent, or Task
      Scheduler task) that runs \`schedule run\` while Backbeat is closed.
      The files go under $HOME (Linux: $XDG_CONFIG_HOME/systemd/user when set).
      BACKBEAT_OS_TIMER_DRY=1 writes and removes them without calling
      systemctl, launchctl or schtasks.
  schedule prune [policy] [--dry-run]
      Apply the saved (or given) retention policy now; --dry-run lists what
      would go and, for each backup kept, the rules that keep it.
`;
