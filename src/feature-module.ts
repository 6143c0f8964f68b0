import type { DataSource } from 'typeorm';
import type { AdminRoute } from './admin/admin-route';
import type { Config } from './config';
import type { AuditTrail } from './platform/audit/audit-trail';
import type { PasswordHasher } from './platform/auth/password-hashing';
import type { PasswordSeal } from './platform/auth/password-sealing';
import type { Clock } from './platform/clock';
import type { Database } from './platform/database';
import type { Logger } from './platform/logger';
import type { Outbox } from './platform/mail/outbox';
import type { GatewayMetrics } from './platform/metrics/metrics';
import type { SchemaRegistry } from './platform/validation/schema-registry';
import type { SoapOperation } from './soap/soap-call';
import type { ChangeCounters } from './platform/cache/change-counters';

/** The SOAP services an operation is offered on: the AO gateway and the three LRS-compatible services. */
export const SOAP_SERVICES = ['ao-gateway', 'lrs-learner-service', 'lrs-external-service', 'lrs-learner-service-r9'] as const;
export type SoapService = (typeof SOAP_SERVICES)[number];

/** The pieces every feature module is built from, made once per process (src/shared-platform.ts). */
export interface Platform {
  config: Config;
  dataSource: DataSource;
  db: Database;
  clock: Clock;
  logger: Logger;
  audit: AuditTrail;
  outbox: Outbox;
  metrics: GatewayMetrics;
  schemas: SchemaRegistry;
  hasher: PasswordHasher;
  seal: PasswordSeal | undefined;
  /** What the caches of accounts, learners and reference lists are checked against (docs/decisions/0073-cached-reads-kept-correct-by-change-counters.md). */
  counters: ChangeCounters;
}

/**
 * One feature as a composition root takes it (docs/decisions/0075-operations-and-feature-modules.md): its
 * operations on each SOAP service, its admin routes, and what it starts and stops (schedules, workers).
 * A feature builds its module in one function from the platform and the services of the features it uses.
 */
export interface FeatureModule {
  readonly name: string;
  readonly operations?: Partial<Record<SoapService, SoapOperation[]>>;
  readonly adminRoutes?: AdminRoute[];
  start?(): void;
  stop?(): Promise<void>;
}

/** Modules composed: what each surface offers, and their lives, started in order and stopped in reverse. */
export class Modules {
  constructor(private readonly modules: readonly FeatureModule[]) {}

  operationsOn(service: SoapService): SoapOperation[] {
    return this.modules.flatMap((module) => module.operations?.[service] ?? []);
  }

  adminRoutes(): AdminRoute[] {
    return this.modules.flatMap((module) => module.adminRoutes ?? []);
  }

  start(): void {
    for (const module of this.modules) module.start?.();
  }

  async stop(): Promise<void> {
    for (const module of [...this.modules].reverse()) await module.stop?.();
  }
}
