// Loads one piece of host data, reloads it when the given events arrive, and
// coalesces bursts: at most one request in flight plus one queued behind it.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { BackbeatBridge, BackbeatEvent } from '../../../shared/contract';
import type { JobKind } from '../../../shared/types';
import { useBridge } from '../bridge/bridge-context';
import { errorMessage } from '../errors';
import { useBridgeEvent } from './useBridgeEvent';

export interface RemoteData<T> {
  data: T | null;
  /** The last load's error sentence; the previous data stays visible beside it. */
  error: string | null;
  loading: boolean;
  reload(): void;
  /** Replace the data with a fresher copy a call already returned. */
  set(data: T): void;
}

export function useRemoteData<T>(
  load: (bridge: BackbeatBridge) => Promise<T>,
  refreshOn: readonly BackbeatEvent['type'][],
  /** Also reload when a job of these kinds succeeds (in case the host's own change event is missed). */
  refreshAfterJobs: readonly JobKind[] = [],
): RemoteData<T> {
  const bridge = useBridge();
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const loadRef = useRef(load);
  useLayoutEffect(() => {
    loadRef.current = load;
  });
  const inFlight = useRef(false);
  const queued = useRef(false);
  const mounted = useRef(true);

  const reload = useCallback(() => {
    if (inFlight.current) {
      queued.current = true;
      return;
    }
    inFlight.current = true;
    setLoading(true);
    loadRef
      .current(bridge)
      .then(
        (value) => {
          if (!mounted.current) return;
          setData(value);
          setError(null);
        },
        (err: unknown) => {
          if (mounted.current) setError(errorMessage(err));
        },
      )
      .finally(() => {
        inFlight.current = false;
        if (!mounted.current) return;
        setLoading(false);
        if (queued.current) {
          queued.current = false;
          reload();
        }
      });
  }, [bridge]);

  useEffect(() => {
    mounted.current = true;
    reload();
    return () => {
      mounted.current = false;
    };
  }, [reload]);

  useBridgeEvent((event) => {
    if (refreshOn.includes(event.type)) reload();
    else if (
      event.type === 'job' &&
      (event.job.state === 'succeeded' || event.job.state === 'partial') &&
      refreshAfterJobs.includes(event.job.kind)
    ) {
      reload();
    }
  });

  const set = useCallback((value: T) => {
    setData(value);
    setError(null);
  }, []);

  return { data, error, loading, reload, set };
}
