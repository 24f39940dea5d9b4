// One number with its caption, e.g. "Tracks 12,400". `testId` marks the number itself.
export function StatTile({
  label,
  value,
  tone,
  testId,
}: {
  label: string;
  value: string;
  tone?: 'warning';
  testId?: string;
}) {
  return (
    <div className={tone ? `stat stat-${tone}` : 'stat'}>
      <div className="stat-value" data-testid={testId}>
        {value}
      </div>
      <div className="stat-label">{label}</div>
    </div>
  );
}
