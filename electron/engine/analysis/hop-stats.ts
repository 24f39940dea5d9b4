// Zero-crossing rate and RMS of each frame, from per-hop partial sums: a frame is
// exactly four hops (N_FFT = 4 * HOP), so each hop's sign changes and energy are
// counted once instead of once per frame that overlaps it.
import { HOP, N_FFT } from './constants';

const HOPS_PER_FRAME = N_FFT / HOP;

export class HopStats {
  /** Ring of the last HOPS_PER_FRAME hops' values, by global hop index mod HOPS_PER_FRAME. */
  private readonly crossings = new Int32Array(HOPS_PER_FRAME);
  /** 1 when the hop's first sample differs in sign from the previous hop's last sample. */
  private readonly boundary = new Int32Array(HOPS_PER_FRAME);
  private readonly energy = new Float64Array(HOPS_PER_FRAME);
  /** Global index of the next hop to measure. */
  private nextHop = 0;
  /** Sign (1 = negative) of the last sample measured. */
  private lastNegative = 0;

  /**
   * Zero-crossing rate and RMS of frame `frame`, whose samples start at buf[at];
   * frames must come in order, one hop apart.
   */
  frame(frame: number, buf: Float32Array, at: number): { zcr: number; rms: number } {
    // Measure the hops of this frame not seen yet (all four for the first frame, then one).
    for (let hop = this.nextHop; hop < frame + HOPS_PER_FRAME; hop++)
      this.measure(hop, buf, at + (hop - frame) * HOP);
    this.nextHop = frame + HOPS_PER_FRAME;
    const first = frame % HOPS_PER_FRAME;
    let crossings = this.crossings[first]!;
    let energy = this.energy[first]!;
    for (let i = 1; i < HOPS_PER_FRAME; i++) {
      const slot = (frame + i) % HOPS_PER_FRAME;
      crossings += this.crossings[slot]! + this.boundary[slot]!;
      energy += this.energy[slot]!;
    }
    return { zcr: crossings / N_FFT, rms: Math.sqrt(energy / N_FFT) };
  }

  private measure(hop: number, buf: Float32Array, at: number): void {
    let crossings = 0;
    let e0 = 0;
    let e1 = 0;
    let prev = buf[at]! < 0 ? 1 : 0;
    const slot = hop % HOPS_PER_FRAME;
    this.boundary[slot] = hop > 0 ? prev ^ this.lastNegative : 0;
    for (let n = 0; n < HOP; n += 2) {
      const x = buf[at + n]!;
      const y = buf[at + n + 1]!;
      e0 += x * x;
      e1 += y * y;
      const nx = x < 0 ? 1 : 0;
      const ny = y < 0 ? 1 : 0;
      crossings += (nx ^ prev) + (ny ^ nx);
      prev = ny;
    }
    this.crossings[slot] = crossings;
    this.energy[slot] = e0 + e1;
    this.lastNegative = prev;
  }
}
