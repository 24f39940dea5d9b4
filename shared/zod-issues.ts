// The one way a failed schema check becomes words for a person: every place that parses
// untrusted input (arguments, files, settings) reports its problems through this.
import type { z } from 'zod';

export interface DescribeIssuesOptions {
  /** Prefix each message with the field it is about (`schedule.time: ...`); for nested input. */
  withPath?: boolean;
  /** Say at most this many problems (a damaged file can have hundreds). */
  most?: number;
}

/**
 * Zod's issues as one line. Messages written as sentences ("Names cannot contain '/'.")
 * are joined with a space; bare phrases ("Expected number") with "; ".
 */
export function describeZodIssues(error: z.ZodError, options: DescribeIssuesOptions = {}): string {
  const issues = options.most === undefined ? error.issues : error.issues.slice(0, options.most);
  const texts = issues.map((i) =>
    options.withPath && i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message,
  );
  const sentences = texts.every((t) => /[.!?]$/.test(t.trim()));
  return texts.join(sentences ? ' ' : '; ');
}

/**
 * The first rule broken, as zod words it: for a form that shows one problem under its
 * field at a time. `fallback` when zod gave no issue (it always gives one on failure).
 */
export function firstZodIssue(error: z.ZodError, fallback: string): string {
  return error.issues[0]?.message ?? fallback;
}
