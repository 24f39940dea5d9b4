// Subscribes to host events for the component's lifetime, always calling the latest
// listener without resubscribing on every render.
import { useEffect, useLayoutEffect, useRef } from 'react';
import type { BackbeatEvent } from '../../../shared/contract';
import { useBridge } from '../bridge/bridge-context';

export function useBridgeEvent(listener: (event: BackbeatEvent) => void): void {
  const bridge = useBridge();
  const latest = useRef(listener);
  useLayoutEffect(() => {
    latest.current = listener;
  });
  useEffect(() => bridge.onEvent((event) => latest.current(event)), [bridge]);
}
