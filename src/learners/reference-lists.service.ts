import { seedCompatibilityData, type SeedOptions } from '../compatibility/seed';
import type { ReferenceData } from './reference-data';
import { normalisePostcode } from './postcode';
import { ReferenceListStore } from './reference-list.store';
import type { AuditRecord, AuditTrail } from '../platform/audit/audit-trail';
import type { CallContext } from '../platform/call-context';
import type { Database } from '../platform/database';
import { DomainError } from '../platform/errors';
import { auditEntryOf } from '../platform/audit/audit-trail';

/**
 * The operator's reference data (guide Appendix B lists) and the compatibility data set. A
 * change moves the reference_lists change counter, and every process reads the lists again at
 * its next call (docs/decisions/0073-cached-reads-kept-correct-by-change-counters.md).
 */
export class ReferenceListsService {
  private readonly lists: ReferenceListStore;

  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly referenceData: ReferenceData,
    private readonly seedOptions: SeedOptions,
  ) {
    this.lists = new ReferenceListStore(db);
  }

  /** Replaces the prohibited postcodes; every entry must be a UK postcode, or nothing changes. */
  async replacePostcodes(context: CallContext, raw: string[]): Promise<{ count: number }> {
    const rejected = raw.filter((p) => normalisePostcode(p) === undefined);
    if (rejected.length > 0) {
      throw new DomainError(
        'POSTCODE_INVALID',
        `These are not UK postcodes: ${rejected
          .slice(0, 10)
          .map((p) => JSON.stringify(p))
          .join(', ')}`,
      );
    }
    const postcodes = [...new Set(raw.map((p) => normalisePostcode(p) as string))];
    await this.db.transaction(async () => {
      await this.lists.replaceProhibitedPostcodes(postcodes);
      await this.recorded(auditEntryOf(context, 'LoadProhibitedPostcodes', `${postcodes.length} postcodes`));
    });
    this.referenceData.invalidate();
    return { count: postcodes.length };
  }

  /** Replaces the prohibited words and phrases (compared as reference-lists.ts reads them from a file). */
  async replaceText(context: CallContext, raw: string[]): Promise<{ count: number }> {
    // One entry per phrase in any case: MariaDB's case-insensitive key would refuse "Foo" beside "foo".
    const byKey = new Map<string, string>();
    for (const phrase of raw.map((p) => p.trim().replace(/\s+/g, ' ')).filter((p) => p !== '')) {
      if (!byKey.has(phrase.toLowerCase())) byKey.set(phrase.toLowerCase(), phrase);
    }
    const phrases = [...byKey.values()];
    await this.db.transaction(async () => {
      await this.lists.replaceProhibitedText(phrases);
      await this.recorded(auditEntryOf(context, 'LoadProhibitedText', `${phrases.length} phrases`));
    });
    this.referenceData.invalidate();
    return { count: phrases.length };
  }

  /**
   * Reloads the compatibility data set and resets its users' passwords. seedCompatibilityData
   * runs its own transaction; the audit entry follows it at once.
   */
  async resetCompatibilityData(context: CallContext) {
    const report = await seedCompatibilityData(this.db, this.seedOptions, true);
    await this.audit.record(auditEntryOf(context, 'ResetCompatibilityData', 'compatibility data set'));
    this.referenceData.invalidate();
    return report;
  }

  /** The audit entry of a change, in the change's transaction. */
  private recorded(entry: AuditRecord): Promise<void> {
    return this.audit.record(entry);
  }
}
