// The preload script (Electron only) exposes the host API as `window.backbeat`.
import type { BackbeatBridge } from '../../shared/contract';

declare global {
  interface Window {
    backbeat?: BackbeatBridge;
  }
}

export {};
