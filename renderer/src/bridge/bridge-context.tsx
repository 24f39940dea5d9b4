// Hands the one bridge instance to every component.
import { createContext, useContext, type ReactNode } from 'react';
import type { BackbeatBridge } from '../../../shared/contract';

const BridgeContext = createContext<BackbeatBridge | null>(null);

export function BridgeProvider({ bridge, children }: { bridge: BackbeatBridge; children: ReactNode }) {
  return <BridgeContext.Provider value={bridge}>{children}</BridgeContext.Provider>;
}

export function useBridge(): BackbeatBridge {
  const bridge = useContext(BridgeContext);
  if (!bridge) throw new Error('useBridge must be used inside <BridgeProvider>.');
  return bridge;
}
