// Remembers which verify job belongs to which restore point while this screen is
// open, so the details panel can show progress and the outcome for the selection.
import { useCallback, useState } from 'react';
import { useBridge } from '../../bridge/bridge-context';
import { errorMessage } from '../../errors';
import { useJobs } from '../../hooks/jobs-context';

export interface VerifyJobs {
  jobIdFor(backupId: string): string | null;
  startErrorFor(backupId: string): string | null;
  start(backupId: string): Promise<void>;
}

export function useVerifyJobs(): VerifyJobs {
  const bridge = useBridge();
  const { refresh } = useJobs();
  const [jobIds, setJobIds] = useState<Record<string, string>>({});
  const [startErrors, setStartErrors] = useState<Record<string, string>>({});

  const start = useCallback(
    async (backupId: string) => {
      setStartErrors(({ [backupId]: _dropped, ...rest }) => rest);
      try {
        const { jobId } = await bridge.startVerify({ id: backupId });
        setJobIds((ids) => ({ ...ids, [backupId]: jobId }));
        refresh();
      } catch (err) {
        setStartErrors((errors) => ({ ...errors, [backupId]: errorMessage(err) }));
      }
    },
    [bridge, refresh],
  );

  return {
    jobIdFor: (backupId) => jobIds[backupId] ?? null,
    startErrorFor: (backupId) => startErrors[backupId] ?? null,
    start,
  };
}
