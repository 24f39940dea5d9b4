// A destination's own copy schedule in words (the engine keeps hours).
export function copyEveryText(hours: number | null): string {
  if (hours === null) return 'After scheduled snapshots only';
  if (hours % 168 === 0) return hours === 168 ? 'Every week' : `Every ${hours / 168} weeks`;
  if (hours % 24 === 0) return hours === 24 ? 'Every day' : `Every ${hours / 24} days`;
  return hours === 1 ? 'Every hour' : `Every ${hours} hours`;
}
