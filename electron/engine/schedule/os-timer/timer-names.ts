// Names of the OS timer objects, and the marker that says a file is ours (so
// install never overwrites, and uninstall never deletes, a file a user wrote).

export const SYSTEMD_UNIT_NAME = 'backbeat-backup';
export const LAUNCHD_LABEL = 'app.backbeat.backup';
export const WINDOWS_TASK_NAME = '\\Backbeat\\Scheduled backup';

export const BACKBEAT_MARKER = 'Written by Backbeat (backbeat schedule install).';
