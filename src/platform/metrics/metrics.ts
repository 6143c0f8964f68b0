import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** One row of a gauge read from the database: its label values and its value. */
export interface GaugeRow {
  labels: Record<string, string>;
  value: number;
}

export interface DatabaseGauge {
  name: string;
  help: string;
  labelNames: readonly string[];
  /** Label values always reported, at 0 when the database has no row for them (series never vanish). */
  always?: readonly Record<string, string>[];
  read(): Promise<GaugeRow[]>;
}

const PREFIX = 'lrs_gateway_';

/**
 * The gateway's Prometheus metrics, in a registry of its own (two gateways in one process,
 * as in tests, never collide). Every label value comes from a closed set: surfaces, operation
 * names of the contracts, error codes of the catalogue, batch types; never from caller input.
 */
export class GatewayMetrics {
  readonly registry = new Registry();

  readonly requests = new Counter({
    name: `${PREFIX}requests_total`,
    help: 'Requests by surface, operation and outcome (OK, or the error code of the fault or JSON error)',
    labelNames: ['surface', 'operation', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly requestDuration = new Histogram({
    name: `${PREFIX}request_duration_seconds`,
    help: 'Time from the request arriving to the last byte of the answer, by surface and operation',
    labelNames: ['surface', 'operation'] as const,
    buckets: [0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly batchRows = new Counter({
    name: `${PREFIX}batch_rows_processed_total`,
    help: 'Batch rows committed by the workers of this process, by batch type and result',
    labelNames: ['type', 'result'] as const,
    registers: [this.registry],
  });

  readonly lockouts = new Counter({
    name: `${PREFIX}account_lockouts_total`,
    help: 'Accounts suspended by this process after repeated wrong passwords or secret answers',
    registers: [this.registry],
  });

  readonly rateLimited = new Counter({
    name: `${PREFIX}rate_limited_total`,
    help: 'Requests refused by a rate limit, by surface and by what was limited (organisation or address)',
    labelNames: ['surface', 'scope'] as const,
    registers: [this.registry],
  });

  /**
   * Where a SOAP request's time goes inside the front door, stage by stage (read, parse,
   * validate, authenticate, handle, write, send): the bench reads it to show the next bottleneck.
   */
  readonly soapStage = new Histogram({
    name: `${PREFIX}soap_stage_seconds`,
    help: 'Time a SOAP request spends in each stage of the front door, by surface and stage',
    labelNames: ['surface', 'stage'] as const,
    buckets: [0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.01, 0.1, 1],
    registers: [this.registry],
  });

  constructor(private readonly onReadError: (gauge: string, error: unknown) => void) {
    collectDefaultMetrics({ register: this.registry, prefix: PREFIX });
  }

  /**
   * A gauge read from the database when Prometheus scrapes, reused for `cacheSeconds` so that
   * several scrapers (or a fast one) cost one cheap query per period. A failed read leaves the
   * last values in place and is reported: a scrape never fails because the database is slow.
   */
  databaseGauge(spec: DatabaseGauge, cacheSeconds: number): void {
    const onReadError = this.onReadError;
    let readAt = -Infinity;
    let pending: Promise<void> | undefined;
    const always = spec.always ?? [];
    new Gauge({
      name: `${PREFIX}${spec.name}`,
      help: spec.help,
      labelNames: spec.labelNames,
      registers: [this.registry],
      async collect() {
        if (performance.now() - readAt < cacheSeconds * 1000) return;
        pending ??= spec
          .read()
          .then((rows) => {
            this.reset();
            for (const labels of always) this.set(labels, 0);
            for (const row of rows) this.set(row.labels, row.value);
            readAt = performance.now();
          })
          .catch((error: unknown) => onReadError(spec.name, error))
          .finally(() => (pending = undefined));
        await pending;
      },
    });
  }

  /** The exposition text for a scrape, with its content type. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
