// Asks the host to cancel a running job. The job itself reports when it has stopped.
import { useState } from 'react';
import { useBridge } from '../bridge/bridge-context';
import { errorMessage } from '../errors';

export function CancelJobButton({ jobId, describedBy }: { jobId: string; describedBy?: string }) {
  const bridge = useBridge();
  const [requested, setRequested] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const cancel = async () => {
    setRequested(true);
    setError(null);
    try {
      await bridge.cancelJob({ jobId });
    } catch (err) {
      setRequested(false);
      setError(errorMessage(err));
    }
  };

  return (
    <>
      <button
        type="button"
        className="button button-small"
        onClick={cancel}
        disabled={requested}
        aria-describedby={describedBy}
      >
        Cancel
      </button>
      {requested && <span className="muted">Cancelling…</span>}
      {error && (
        <span className="inline-error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}
