// Asks the host to cancel a running job. The job itself reports when it has stopped.
import { useBridge } from '../bridge/bridge-context';
import { useAction } from '../hooks/useAction';

export function CancelJobButton({ jobId, describedBy }: { jobId: string; describedBy?: string }) {
  const bridge = useBridge();
  // Stays "Cancelling…" after the host took the request, until the job reports it stopped.
  const cancelling = useAction(() => bridge.cancelJob({ jobId }), { busyAfterSuccess: true });
  const { busy: requested, error } = cancelling;

  return (
    <>
      <button
        type="button"
        className="button button-small"
        onClick={() => void cancelling.run()}
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
