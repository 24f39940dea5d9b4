// Mono by averaging channels: equal weight, so a mono file and the same audio
// duplicated on two channels give identical results.

export function downmixToMono(channels: Float32Array[]): Float32Array {
  const n = channels.length;
  if (n === 0) return new Float32Array(0);
  if (n === 1) return channels[0]!;
  const len = channels[0]!.length;
  const out = new Float32Array(len);
  for (const ch of channels) for (let i = 0; i < len; i++) out[i]! += ch[i]!;
  const scale = 1 / n;
  for (let i = 0; i < len; i++) out[i]! *= scale;
  return out;
}
