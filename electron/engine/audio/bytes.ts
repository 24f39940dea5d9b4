// Joining byte buffers, for the stream parsers that keep an unused end between chunks.

/** `a` then `b` in one new buffer; `b` itself when `a` is empty (callers never write to either). */
export function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
