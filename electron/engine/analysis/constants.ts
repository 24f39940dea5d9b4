// The analysis parameters of the beat3tower format (see library-format.md): every
// file is decoded to mono at 22,050 Hz and analysed with FFT 2048, hop 512.

export const SAMPLE_RATE = 22_050;
export const N_FFT = 2048;
export const HOP = 512;
export const N_BINS = N_FFT / 2 + 1;
export const FRAMES_PER_SECOND = SAMPLE_RATE / HOP;
export const N_MELS = 128;
export const N_MFCC = 20;
export const N_CHROMA = 12;
export const N_CONTRAST = 7;
export const N_TONNETZ = 6;
/** start, mid and end segments are this long; tracks up to twice this reuse the full values. */
export const SEGMENT_SECONDS = 30;

export function frameTime(frame: number): number {
  return (frame * HOP) / SAMPLE_RATE;
}

export function binFrequency(bin: number): number {
  return (bin * SAMPLE_RATE) / N_FFT;
}
