// A calm inline note (warning or info) that is part of the page, not an alert.
import type { ReactNode } from 'react';

export function Notice({ tone, children }: { tone: 'warning' | 'info' | 'success'; children: ReactNode }) {
  return <div className={`notice notice-${tone}`}>{children}</div>;
}
