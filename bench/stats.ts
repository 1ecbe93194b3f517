/** The benches' one way to summarise timings: nearest-rank percentiles, rounded to 0.1 ms. */

export interface Stats {
  error?: string;
  samples: number;
  p50_ms: number;
  p95_ms: number;
  min_ms: number;
  max_ms: number;
  mean_ms: number;
}

export const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

/** The nearest-rank p-th percentile of `values` (not rounded). */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function stats(timings: number[]): Stats {
  return {
    samples: timings.length,
    p50_ms: round(percentile(timings, 50)),
    p95_ms: round(percentile(timings, 95)),
    min_ms: round(Math.min(...timings)),
    max_ms: round(Math.max(...timings)),
    mean_ms: round(timings.reduce((sum, t) => sum + t, 0) / timings.length),
  };
}
