// The one way a streaming stage keeps the samples it has not used yet in a flat buffer:
// appended at the end, the buffer doubling when they do not fit (so a long track costs a
// few reallocations, not one per block). The resampler and the frame and constant-Q
// analysers all keep such a buffer and drop its consumed front themselves.

/**
 * Writes `samples` after the first `used` values of `buf` and returns the buffer that now
 * holds them: `buf` itself, or a larger copy when they did not fit.
 */
export function appendSamples<B extends Float32Array>(
  buf: B,
  used: number,
  samples: Float32Array,
): B | Float32Array<ArrayBuffer> {
  let out: B | Float32Array<ArrayBuffer> = buf;
  if (used + samples.length > buf.length) {
    out = new Float32Array(Math.max(buf.length * 2, used + samples.length));
    out.set(buf.subarray(0, used));
  }
  out.set(samples, used);
  return out;
}
