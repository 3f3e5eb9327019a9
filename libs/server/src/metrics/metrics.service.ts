import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { QueuesService } from '../queue/queues.service';

/** Prometheus metrics of this process: HTTP durations by route, queue depths, Node's own. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route pattern and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  constructor(queues: QueuesService) {
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'queue_jobs',
      help: 'BullMQ jobs by queue and state, read when scraped',
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      async collect() {
        if (!queues.enabled) return;
        try {
          for (const [queue, counts] of Object.entries(await queues.counts())) {
            for (const [state, value] of Object.entries(counts)) this.set({ queue, state }, value);
          }
        } catch {
          // Redis away: health reports it; the scrape still answers with the other metrics.
        }
      },
    });
  }

  observe(method: string, route: string, statusCode: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status_code: String(statusCode) }, seconds);
  }
}
