// A small "?" beside a stored term: hover (or focus) shows one sentence in plain
// words, and screen readers hear the same sentence as the mark's name.
export function HelpTip({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <span className="help-tip" role="img" tabIndex={0} title={text} aria-label={text}>
      ?
    </span>
  );
}
