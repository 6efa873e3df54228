/** Prometheus metrics at /metrics: process metrics plus request counts and durations by route. */
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** One registry per app instance, so tests can build many apps in one process. */
export class Metrics {
  readonly registry = new Registry();
  readonly requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'],
    registers: [this.registry],
  });
  readonly duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method and route',
    labelNames: ['method', 'route'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly jobs = new Gauge({ name: 'jobs', help: 'Durable jobs by state', labelNames: ['state'], registers: [this.registry] });
  readonly journalItems = new Gauge({
    name: 'journal_items',
    help: 'Journal items on their way to an EPJ, and dead ones',
    labelNames: ['status'],
    registers: [this.registry],
  });
  readonly journalOldest = new Gauge({
    name: 'journal_oldest_undocumented_seconds',
    help: 'Age of the oldest journal item still on its way to an EPJ (0 when none)',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Adds the hooks and the /metrics route. */
  install(app: FastifyInstance): void {
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      this.requests.inc({ method: request.method, route, status: String(reply.statusCode) });
      this.duration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
    });
  }
}
