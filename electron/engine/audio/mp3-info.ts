// Reads the first MPEG audio frame's header and its Xing/Info + LAME tag: how many
// frames the encoder wrote and the encoder delay and padding, which give the
// file's true length in samples (what a gapless decoder should produce).

export interface Mp3Info {
  sampleRate: number;
  channels: number;
  samplesPerFrame: number;
  /** Frames the Xing/Info tag declares, when there is one. */
  frameCount: number | null;
  encoderDelay: number | null;
  encoderPadding: number | null;
}

const RATES: Record<number, number[]> = {
  3: [44100, 48000, 32000], // MPEG-1
  2: [22050, 24000, 16000], // MPEG-2
  0: [11025, 12000, 8000], // MPEG-2.5
};

function ascii(b: Uint8Array, at: number, len: number): string {
  let s = '';
  for (let i = 0; i < len && at + i < b.length; i++) s += String.fromCharCode(b[at + i]!);
  return s;
}

function u32(b: Uint8Array, at: number): number {
  return ((b[at]! << 24) >>> 0) + (b[at + 1]! << 16) + (b[at + 2]! << 8) + b[at + 3]!;
}

/** `frame` holds the bytes from the first frame header on (a few hundred are enough). */
export function parseMp3Info(frame: Uint8Array): Mp3Info | null {
  if (frame.length < 4 || frame[0] !== 0xff || (frame[1]! & 0xe0) !== 0xe0) return null;
  const version = (frame[1]! >> 3) & 3;
  const layer = (frame[1]! >> 1) & 3; // 1 = III, 2 = II, 3 = I
  const rateIndex = (frame[2]! >> 2) & 3;
  const rates = RATES[version];
  if (!rates || rateIndex === 3 || layer === 0) return null;
  const sampleRate = rates[rateIndex]!;
  const mono = frame[3]! >> 6 === 3;
  const mpeg1 = version === 3;
  const samplesPerFrame = layer === 3 ? 384 : layer === 2 ? 1152 : mpeg1 ? 1152 : 576;
  const info: Mp3Info = {
    sampleRate,
    channels: mono ? 1 : 2,
    samplesPerFrame,
    frameCount: null,
    encoderDelay: null,
    encoderPadding: null,
  };
  if (layer !== 1) return info;
  const sideInfo = mpeg1 ? (mono ? 17 : 32) : mono ? 9 : 17;
  const x = 4 + sideInfo;
  const tag = ascii(frame, x, 4);
  if (tag !== 'Xing' && tag !== 'Info') return info;
  const flags = u32(frame, x + 4);
  let at = x + 8;
  if (flags & 1) {
    info.frameCount = u32(frame, at);
    at += 4;
  }
  if (flags & 2) at += 4;
  if (flags & 4) at += 100;
  if (flags & 8) at += 4;
  // LAME extension: 9-byte encoder string, then delay and padding as two 12-bit numbers at +21.
  if (/^(LAME|Lavc|Lavf|GOGO)/.test(ascii(frame, at, 4)) && frame.length >= at + 24) {
    const d = at + 21;
    info.encoderDelay = (frame[d]! << 4) | (frame[d + 1]! >> 4);
    info.encoderPadding = ((frame[d + 1]! & 0x0f) << 8) | frame[d + 2]!;
  }
  return info;
}

/** Samples a gapless decoder should produce, or null when the file does not say. */
export function declaredMp3Samples(info: Mp3Info): number | null {
  if (info.frameCount === null) return null;
  const total = info.frameCount * info.samplesPerFrame;
  return total - (info.encoderDelay ?? 0) - (info.encoderPadding ?? 0);
}
