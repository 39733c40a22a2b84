import { median, quantile } from "./metrics";

/**
 * Community results for one GPU, robust to outliers and to one client submitting many times:
 * each client's runs collapse to that client's median first, then the figures are the median and
 * interquartile range across clients. One client with fifty runs counts as one voice.
 */
export interface RunForAggregate {
  clientHash: string;
  matmulGflops: number;
  bandwidthGBps: number | null;
}

export interface Spread {
  median: number;
  /** First and third quartiles across clients (type-7 interpolation); iqr = q3 - q1. */
  q1: number;
  q3: number;
  iqr: number;
  /** Clients that contributed to this figure. */
  clients: number;
}

export interface CommunitySummary {
  runs: number;
  clients: number;
  gflops: Spread | null;
  bandwidthGBps: Spread | null;
  /** One point per client (its medians), for the spread chart. */
  perClient: { gflops: number; bandwidthGBps: number | null }[];
}

function spread(values: number[]): Spread | null {
  if (values.length === 0) return null;
  const q1 = quantile(values, 0.25);
  const q3 = quantile(values, 0.75);
  return { median: median(values), q1, q3, iqr: q3 - q1, clients: values.length };
}

export function aggregateRuns(runs: readonly RunForAggregate[]): CommunitySummary {
  const byClient = new Map<string, RunForAggregate[]>();
  for (const run of runs) byClient.set(run.clientHash, [...(byClient.get(run.clientHash) ?? []), run]);
  const perClient = [...byClient.values()].map((own) => {
    const bandwidth = own.map((r) => r.bandwidthGBps).filter((b): b is number => b != null);
    return { gflops: median(own.map((r) => r.matmulGflops)), bandwidthGBps: bandwidth.length ? median(bandwidth) : null };
  });
  return {
    runs: runs.length,
    clients: perClient.length,
    gflops: spread(perClient.map((c) => c.gflops)),
    bandwidthGBps: spread(perClient.map((c) => c.bandwidthGBps).filter((b): b is number => b != null)),
    perClient: perClient.sort((a, b) => a.gflops - b.gflops),
  };
}
