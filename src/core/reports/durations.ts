/** A set of durations as a report gives them: how many, the median and the 90th percentile, in whole seconds. */
export interface DurationFigures {
  count: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
}

/**
 * The median is the middle value (the mean of the two middle ones for an even count); the
 * 90th percentile is the nearest rank: the smallest value at least 90% of them do not exceed.
 * Both from the exact durations (ms), then rounded to the second. None: null.
 */
export function durationFigures(ms: number[]): DurationFigures {
  if (ms.length === 0) return { count: 0, medianSeconds: null, p90Seconds: null };
  const sorted = Float64Array.from(ms).sort();
  const n = sorted.length;
  const median = n % 2 === 1 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
  const p90 = sorted[Math.ceil(0.9 * n) - 1]!;
  return { count: n, medianSeconds: Math.round(median / 1000), p90Seconds: Math.round(p90 / 1000) };
}
