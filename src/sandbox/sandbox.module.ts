import { FaultInjectionStore } from '../fault-injection/fault-injection.store';
import { faultInjectionAdminRoutes } from '../fault-injection/fault-injection.admin';
import { FaultInjector } from '../fault-injection/fault-injector';
import type { FeatureModule, Platform } from '../feature-module';
import { journalAdminRoutes } from '../journal/journal.admin';
import { JournalStore } from '../journal/journal.store';
import { RequestJournal } from '../journal/request-journal';
import { sandboxAdminRoutes } from './sandbox.admin';
import { SandboxService } from './sandbox.service';
import { SandboxStore, SnapshotStore } from './sandbox.store';

export interface SandboxModule extends FeatureModule {
  /** Every exchange of the organisations that keep a journal (docs/decisions/0087-the-request-journal.md). */
  journal: RequestJournal;
  /** Faults developers scripted for their organisation's calls (docs/decisions/0090-fault-injection.md). */
  faults: FaultInjector;
}

/**
 * What a developer testing an MIS works with besides the contract: the request journal, fault
 * injection, and reset and snapshots of their organisation (docs/decisions/0091-sandbox-reset-and-snapshots.md).
 * `operationNames` gives the SOAP operations an injection may be scoped to, once every module is built.
 */
export async function sandboxModule(platform: Platform, operationNames: () => ReadonlySet<string>): Promise<SandboxModule> {
  const { config, db, clock, logger, audit } = platform;
  const journalStore = new JournalStore(db);
  const journal = new RequestJournal(
    journalStore,
    clock,
    {
      maxEntries: config.journalMaxEntries,
      maxAgeDays: config.journalMaxAgeDays,
      bodyMaxChars: config.journalBodyMaxChars,
      flushMs: 250,
      refreshMs: config.journalRefreshSeconds * 1000,
    },
    (error) => logger.warn('request journal not written', { error: String(error) }),
  );
  const faultInjections = new FaultInjectionStore(db);
  const faults = new FaultInjector(faultInjections, clock, config.sandbox, 1000, (error) =>
    logger.warn('fault injections not read', { error: String(error) }),
  );
  // Read before the first request is served: which organisations keep a journal, and which have faults armed.
  await journal.start();
  await faults.start();
  return {
    name: 'sandbox',
    journal,
    faults,
    adminRoutes: [
      ...journalAdminRoutes({ store: journalStore, journal, clock }),
      ...faultInjectionAdminRoutes({ store: faultInjections, injector: faults, audit, clock, operations: operationNames }),
      ...sandboxAdminRoutes(new SandboxService(db, new SandboxStore(db), new SnapshotStore(db), audit, clock, config.sandbox)),
    ],
    async stop() {
      faults.stop();
      await journal.stop();
    },
  };
}
