// The desktop extras around the window: catching up a missed scheduled backup when
// the machine wakes, notifications when a scheduled backup failed or backups have
// stopped, and a tray icon with "Back up now" and the newest backup's age. The
// decisions live in health-watch.ts and tray-menu.ts; this file only wires Electron.
import fs from 'node:fs';
import { Menu, Notification, Tray, nativeImage, powerMonitor } from 'electron';
import type { HealthNotification } from '../../shared/schedule-types';
import type { BackbeatService } from '../engine/app/service';
import { endsBackupJob, HEALTH_POLL_MS, HealthWatch } from './health-watch';
import { buildTrayTemplate, trayIconPath } from './tray-menu';

export interface DesktopExtrasOptions {
  service: BackbeatService;
  /** The repository's (or app's) build folder, holding icons/. */
  buildDir: string;
  showWindow(): void;
  quit(): void;
  backUpNow(): void;
}

function showNotification(n: HealthNotification): void {
  if (!Notification.isSupported()) return;
  new Notification({ title: n.title, body: n.body }).show();
}

function createTray(o: DesktopExtrasOptions): Tray | null {
  const iconPath = trayIconPath(o.buildDir, process.platform);
  // A missing icon (an odd packaging) costs the tray, not the app.
  if (!fs.existsSync(iconPath)) return null;
  const tray = new Tray(nativeImage.createFromPath(iconPath));
  tray.setToolTip('Backbeat');
  return tray;
}

/** Starts the extras; the returned function stops them (before the service is disposed). */
export function startDesktopExtras(o: DesktopExtrasOptions): () => void {
  const tray = createTray(o);
  const actions = { backUpNow: o.backUpNow, showWindow: o.showWindow, quit: o.quit };
  const watch = new HealthWatch({
    getSchedule: () => o.service.getSchedule({}),
    notify: showNotification,
    onHealth: (health) => tray?.setContextMenu(Menu.buildFromTemplate(buildTrayTemplate(health, actions))),
  });
  tray?.setContextMenu(Menu.buildFromTemplate(buildTrayTemplate(null, actions)));

  const onResume = (): void => {
    o.service.notifyWake();
    void watch.check();
  };
  powerMonitor.on('resume', onResume);
  const stopEvents = o.service.onEvent((event) => {
    if (endsBackupJob(event) || event.type === 'library-changed') void watch.check();
    if (event.type === 'notification') showNotification(event.notification);
  });
  const timer = setInterval(() => void watch.check(), HEALTH_POLL_MS);
  void watch.check();

  return () => {
    clearInterval(timer);
    stopEvents();
    powerMonitor.off('resume', onResume);
    tray?.destroy();
  };
}
