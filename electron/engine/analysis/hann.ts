// The periodic Hann window (librosa's and scipy's `hann` with fftbins=True), used by the
// STFT frames, the tempograms and the constant-Q filters; the native kernels get
// these same values copied in.
export function periodicHann(n: number): Float64Array {
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n);
  return w;
}
