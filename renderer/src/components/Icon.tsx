// The few line icons the sidebar uses; decorative, hidden from assistive tech.
const PATHS = {
  library:
    'M4 5c0-1.1 2.7-2 6-2s6 .9 6 2-2.7 2-6 2-6-.9-6-2zm0 0v10c0 1.1 2.7 2 6 2s6-.9 6-2V5M4 10c0 1.1 2.7 2 6 2s6-.9 6-2',
  restore: 'M3.5 10a6.5 6.5 0 1 0 2-4.7M3.5 3v3.5H7M10 6.5V10l2.5 1.5',
  activity: 'M2.5 10h3l2-5 3 10 2-5h5',
  rescan: 'M16.5 10a6.5 6.5 0 0 1-11.6 4M3.5 10a6.5 6.5 0 0 1 11.6-4M15.5 3v3.5H12M4.5 17v-3.5H8',
  schedule: 'M3.5 5.5h13v11h-13zM3.5 9h13M7 3.5v3M13 3.5v3M7 12.5h2',
  snapshots: 'M3 6.5h14v10H3zM5 4h10M7 2h6M7 11.5l2 2 4-4',
  // A box with an arrow leaving it: copies kept off this machine.
  destinations: 'M3 9v7.5h10V9M8 12.5V3M4.5 6.5 8 3l3.5 3.5M13 5.5h4v4',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name }: { name: IconName }) {
  return (
    <svg className="icon" viewBox="0 0 20 20" width="16" height="16" aria-hidden="true" focusable="false">
      <path
        d={PATHS[name]}
        fill="none"
        stroke="currentColor"
        strokeWidth="1.5"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
