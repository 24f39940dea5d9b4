// Writes WAV files (16-bit PCM or 32-bit float) for the demo library's synthesized audio and tests.

export interface WavWriteOptions {
  sampleRate: number;
  /** 16 (PCM, the default) or 32 (IEEE float). */
  bits?: 16 | 32;
}

/** Encodes planar channels as one WAV file in memory. */
export function encodeWav(channels: Float32Array[], options: WavWriteOptions): Buffer {
  const bits = options.bits ?? 16;
  const nch = channels.length;
  const frames = channels[0]?.length ?? 0;
  const blockAlign = (nch * bits) / 8;
  const dataBytes = frames * blockAlign;
  const buf = Buffer.alloc(44 + dataBytes);
  buf.write('RIFF', 0, 'latin1');
  buf.writeUInt32LE(36 + dataBytes, 4);
  buf.write('WAVE', 8, 'latin1');
  buf.write('fmt ', 12, 'latin1');
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(bits === 32 ? 3 : 1, 20);
  buf.writeUInt16LE(nch, 22);
  buf.writeUInt32LE(options.sampleRate, 24);
  buf.writeUInt32LE(options.sampleRate * blockAlign, 28);
  buf.writeUInt16LE(blockAlign, 32);
  buf.writeUInt16LE(bits, 34);
  buf.write('data', 36, 'latin1');
  buf.writeUInt32LE(dataBytes, 40);
  let at = 44;
  for (let f = 0; f < frames; f++) {
    for (let c = 0; c < nch; c++) {
      const x = channels[c]![f]!;
      if (bits === 32) {
        buf.writeFloatLE(x, at);
      } else {
        // Round to nearest and clip, so full-scale input stays in range.
        buf.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(x * 32768))), at);
      }
      at += bits / 8;
    }
  }
  return buf;
}
