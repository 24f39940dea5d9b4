// A stand-in BackbeatBridge for transport tests: every method echoes what it was
// called with, unless a test overrides it; events are emitted by hand.
import { METHOD_NAMES } from '../../../shared/contract';
import type { BackbeatBridge, BackbeatEvent, EventListener, MethodName } from '../../../shared/contract';

export interface RecordedCall {
  method: MethodName;
  args: unknown;
}

export interface FakeBridge extends BackbeatBridge {
  readonly calls: RecordedCall[];
  emit(event: BackbeatEvent): void;
  listenerCount(): number;
}

type Impl = (args: unknown) => Promise<unknown>;

export function createFakeBridge(overrides: Partial<Record<MethodName, Impl>> = {}): FakeBridge {
  const calls: RecordedCall[] = [];
  const listeners = new Set<EventListener>();
  const methods: Record<string, Impl> = {};
  for (const method of METHOD_NAMES) {
    methods[method] = async (args: unknown) => {
      calls.push({ method, args });
      const impl = overrides[method];
      return impl ? impl(args) : { echo: method, args };
    };
  }
  const bridge = {
    ...methods,
    calls,
    onEvent(listener: EventListener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(event: BackbeatEvent) {
      for (const l of listeners) l(event);
    },
    listenerCount: () => listeners.size,
  };
  return bridge as unknown as FakeBridge;
}
