// One way to write a size, for the CLI, the app and the engine's messages alike:
// decimal units as file managers show them (1 KB = 1000 bytes), spelled B, KB, MB,
// GB, TB; one decimal below 100 and whole numbers from there ("1.5 KB", "42.3 MB",
// "156 MB").
const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

export function formatByteSize(bytes: number): string {
  if (bytes < 1000) return `${Math.round(bytes)} B`;
  let value = bytes;
  let unit = 0;
  // Step up while the number would print as 1000 or more ("999.96 KB" is "1.0 MB").
  while (value >= 999.5 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value < 99.95 ? value.toFixed(1) : value.toFixed(0)} ${UNITS[unit]}`;
}
