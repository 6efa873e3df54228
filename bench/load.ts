/**
 * A closed-loop HTTP load generator (the autocannon model): C connections, each sending its
 * next request when the last one answered, for a fixed time. Keep-alive sockets; latencies
 * kept whole for exact percentiles. Loopback only.
 */
import http from 'node:http';

export interface Request {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  connections: number;
  seconds: number;
  requests: number;
  errors: number;
  statusCounts: Record<string, number>;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Runs `next()` requests against 127.0.0.1:port on `connections` sockets for `seconds`. */
export async function runLoad(port: number | number[], connections: number, seconds: number, next: (i: number) => Request): Promise<LoadResult> {
  const ports = Array.isArray(port) ? port : [port];
  const agents = ports.map(() => new http.Agent({ keepAlive: true, maxSockets: connections }));
  const latencies: number[] = [];
  const statusCounts: Record<string, number> = {};
  let errors = 0;
  let counter = 0;
  const end = performance.now() + seconds * 1000;
  const one = (conn: number) =>
    new Promise<void>((resolve) => {
      const r = next(counter++);
      const which = conn % ports.length;
      const t0 = performance.now();
      const req = http.request(
        {
          host: '127.0.0.1',
          port: ports[which],
          agent: agents[which],
          method: r.method,
          path: r.path,
          headers: { ...r.headers, ...(r.body ? { 'content-length': Buffer.byteLength(r.body) } : {}) },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            latencies.push(performance.now() - t0);
            const k = String(res.statusCode);
            statusCounts[k] = (statusCounts[k] ?? 0) + 1;
            if ((res.statusCode ?? 500) >= 400) errors++;
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        statusCounts.error = (statusCounts.error ?? 0) + 1;
        resolve();
      });
      if (r.body) req.write(r.body);
      req.end();
    });
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async (_, c) => {
      while (performance.now() < end) await one(c);
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  for (const a of agents) a.destroy();
  const sorted = Float64Array.from(latencies).sort();
  return {
    connections,
    seconds: elapsed,
    requests: latencies.length,
    errors,
    statusCounts,
    rps: latencies.length / elapsed,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? 0,
  };
}
