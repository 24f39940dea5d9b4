// The desktop notification for copies that stopped: raised when a destination's last
// copy crosses the threshold ("Not copied off this machine for 3 days"), once; raised
// again only after a copy worked and the threshold was crossed anew. Whether the user
// was told is kept with the copy records (copy-retry.ts), so a restart does not repeat it.
import type { DestinationHealth } from '../../../shared/destination-types';
import type { HealthNotification } from '../../../shared/schedule-types';

export interface OffsiteStatus {
  name: string;
  /** Null: never copied (a new destination is not a crossing; the Destinations screen says so). */
  lastCopy: string | null;
  health: DestinationHealth;
}

export function offsiteAlerts(
  warned: readonly string[],
  statuses: readonly OffsiteStatus[],
): { notifications: HealthNotification[]; warned: string[] } {
  const next = new Set(warned);
  const notifications: HealthNotification[] = [];
  for (const s of statuses) {
    const stale = s.lastCopy !== null && s.health.level === 'warning';
    if (!stale) {
      if (s.health.level === 'ok') next.delete(s.name);
      continue;
    }
    if (next.has(s.name)) continue;
    next.add(s.name);
    notifications.push({
      kind: 'stopped',
      title: `Copies to "${s.name}" have stopped`,
      body: `${s.health.text} Backbeat keeps trying; check that the destination is connected.`,
    });
  }
  return { notifications, warned: [...next].sort() };
}
