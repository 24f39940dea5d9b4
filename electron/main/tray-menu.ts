// The tray icon's menu as plain data (Electron types only), so it is checked under
// Node: back up now, how old the newest backup is (information, so disabled), show
// the window, quit.
import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import type { BackupHealth } from '../../shared/schedule-types';

export interface TrayActions {
  backUpNow(): void;
  showWindow(): void;
  quit(): void;
}

/** E.g. "Newest backup: 3 hours ago"; the engine words it, so tray and window agree. */
export function newestBackupLabel(health: BackupHealth | null): string {
  return health ? health.text : 'No library chosen';
}

export function buildTrayTemplate(
  health: BackupHealth | null,
  actions: TrayActions,
): MenuItemConstructorOptions[] {
  return [
    { label: 'Back up now', enabled: health !== null, click: () => actions.backUpNow() },
    { label: newestBackupLabel(health), enabled: false },
    { type: 'separator' },
    { label: 'Show Backbeat', click: () => actions.showWindow() },
    { label: 'Quit', click: () => actions.quit() },
  ];
}

/** macOS and Windows draw tray icons at 16 points; Linux panels use larger ones. */
export function trayIconPath(buildDir: string, platform: NodeJS.Platform): string {
  return path.join(buildDir, 'icons', platform === 'linux' ? '32x32.png' : '16x16.png');
}
