// One number with its caption, e.g. "Tracks 12,400". `testId` marks the number itself.
import { HelpTip } from '../../components/HelpTip';

export function StatTile({
  label,
  value,
  tone,
  testId,
  help,
}: {
  label: string;
  value: string;
  tone?: 'warning' | undefined;
  testId?: string;
  /** One sentence explaining the caption's term. */
  help?: string;
}) {
  return (
    <div className={tone ? `stat stat-${tone}` : 'stat'}>
      <div className="stat-value" data-testid={testId}>
        {value}
      </div>
      <div className="stat-label">
        {label}
        {help && <HelpTip text={help} />}
      </div>
    </div>
  );
}
