// A destination's health sentence: whether it is copied to (offsite-health.ts), and
// what its newest check found. A check that found errors is a warning whatever the
// copies do: a copy that cannot be read back is no copy.
import type { DestinationHealth } from '../../../shared/destination-types';
import { formatAge } from '../health/age-text';
import { offsiteHealth } from '../health/offsite-health';
import type { DestinationConfig } from '../repository/repo-config';

export function destinationHealth(
  d: Pick<DestinationConfig, 'lastCopy' | 'lastCheck'>,
  now: Date,
): DestinationHealth {
  const copy = offsiteHealth(d.lastCopy, now);
  const check = d.lastCheck;
  if (check === null) return copy;
  const at = new Date(check.checkedAt).getTime();
  const when = Number.isNaN(at) ? '' : ` ${formatAge(now.getTime() - at)}`;
  if (check.outcome === 'errors') {
    return { level: 'warning', text: `${copy.text} Its check${when} found errors: ${check.message}` };
  }
  const what = check.readDataPercent > 0 ? `, ${check.readDataPercent}% of its data read back` : '';
  return { level: copy.level, text: `${copy.text} Checked${when}${what}: no errors.` };
}
