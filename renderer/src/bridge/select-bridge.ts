// Electron's preload exposes the bridge as `window.backbeat`; without it we are in
// a plain browser talking to `backbeat serve`.
import type { BackbeatBridge } from '../../../shared/contract';
import { createHttpBridge } from './http-bridge';

export function selectBridge(): BackbeatBridge {
  return window.backbeat ?? createHttpBridge();
}
