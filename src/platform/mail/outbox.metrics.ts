import type { GatewayMetrics } from '../metrics/metrics';
import type { Clock } from '../clock';
import type { Outbox } from './outbox';

/**
 * The outbox backlog as gauges, read from the database on scrape (so every process reports the
 * shared queue): messages waiting or given up on, and how long the oldest waiting one has waited,
 * which is what an alert on stuck mail delivery wants.
 */
export function registerOutboxGauges(metrics: GatewayMetrics, outbox: Outbox, clock: Clock, cacheSeconds: number): void {
  metrics.databaseGauge(
    {
      name: 'outbox_messages',
      help: 'Mail in the outbox not yet sent, by status (PENDING: to be delivered; FAILED: given up after the last attempt)',
      labelNames: ['status'],
      always: [{ status: 'PENDING' }, { status: 'FAILED' }],
      read: async () => {
        const backlog = await outbox.backlog();
        return [
          { labels: { status: 'PENDING' }, value: backlog.pending },
          { labels: { status: 'FAILED' }, value: backlog.failed },
        ];
      },
    },
    cacheSeconds,
  );
  metrics.databaseGauge(
    {
      name: 'outbox_oldest_pending_age_seconds',
      help: 'Age of the oldest mail waiting in the outbox; 0 when none waits',
      labelNames: [],
      read: async () => {
        const { oldestPendingAt } = await outbox.backlog();
        const age = oldestPendingAt ? Math.max(0, (clock.now().getTime() - oldestPendingAt.getTime()) / 1000) : 0;
        return [{ labels: {}, value: age }];
      },
    },
    cacheSeconds,
  );
}
