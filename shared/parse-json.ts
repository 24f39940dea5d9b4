// Untrusted JSON text checked against a schema in one step, for readers that call a file
// or a cache row "damaged" whatever is wrong with it: text that is not JSON at all fails
// just like a value of the wrong shape.
import type { z } from 'zod';

/** The value `text` holds when it is JSON of the schema's shape; null otherwise. */
export function parseJsonAs<S extends z.ZodType>(schema: S, text: string): z.infer<S> | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = schema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}
