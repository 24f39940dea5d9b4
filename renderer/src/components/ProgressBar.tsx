// A determinate progress bar (indeterminate while the fraction is unknown).
interface ProgressBarProps {
  /** 0..1, or null while unknown. */
  fraction: number | null;
  /** Accessible name; or point at a visible label with `labelledBy`. */
  label?: string;
  labelledBy?: string;
  describedBy?: string;
}

export function ProgressBar({ fraction, label, labelledBy, describedBy }: ProgressBarProps) {
  const percent = fraction === null ? null : Math.round(Math.min(1, Math.max(0, fraction)) * 100);
  return (
    <div
      className={percent === null ? 'progress progress-indeterminate' : 'progress'}
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent ?? undefined}
      aria-label={labelledBy ? undefined : label}
      aria-labelledby={labelledBy}
      aria-describedby={describedBy}
    >
      <div className="progress-fill" style={percent === null ? undefined : { width: `${percent}%` }} />
    </div>
  );
}
