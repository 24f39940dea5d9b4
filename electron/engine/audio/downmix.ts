// Mono by averaging channels: equal weight, so a mono file and the same audio
// duplicated on two channels give identical results. Where the native kernels are
// built (dsp/native-dsp.ts), stereo is averaged in C: the same arithmetic, bit for bit.
import { type NativeDsp, nativeDsp } from '../dsp/native-dsp';

/** Averages `channels` into out[0 .. length); `out` may be longer. */
function averageInto(channels: readonly Float32Array[], out: Float32Array, dsp: NativeDsp | null): void {
  const n = channels.length;
  const len = channels[0]!.length;
  if (n === 2) {
    // The common case in one pass; (a + b) * 0.5 rounds exactly as the general loop does.
    const [a, b] = channels as [Float32Array, Float32Array];
    if (dsp) return dsp.mixStereo(out, 0, a, b);
    for (let i = 0; i < len; i++) out[i] = (a[i]! + b[i]!) * 0.5;
    return;
  }
  out.fill(0, 0, len);
  for (const ch of channels) for (let i = 0; i < len; i++) out[i]! += ch[i]!;
  const scale = 1 / n;
  for (let i = 0; i < len; i++) out[i]! *= scale;
}

/** `dsp` null runs the TypeScript arithmetic (the kernels' tests compare the two). */
export function downmixToMono(channels: Float32Array[], dsp: NativeDsp | null = nativeDsp()): Float32Array {
  if (channels.length === 0) return new Float32Array(0);
  if (channels.length === 1) return channels[0]!;
  const out = new Float32Array(channels[0]!.length);
  averageInto(channels, out, dsp);
  return out;
}

/**
 * Downmixes block after block into one reused buffer: the result is valid until
 * the next call, which is all a streaming consumer that copies it needs.
 */
export class Downmixer {
  private buf = new Float32Array(0);

  constructor(private readonly dsp: NativeDsp | null = nativeDsp()) {}

  mix(channels: readonly Float32Array[]): Float32Array {
    if (channels.length === 0) return new Float32Array(0);
    if (channels.length === 1) return channels[0]!;
    const len = channels[0]!.length;
    if (this.buf.length < len) this.buf = new Float32Array(len);
    averageInto(channels, this.buf, this.dsp);
    return this.buf.subarray(0, len);
  }
}
