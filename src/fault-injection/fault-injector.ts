import type { Clock } from '../platform/clock';
import type { FaultInjectionStore, Injection } from './fault-injection.store';

/**
 * Applies what developers scripted to their organisation's calls (docs/decisions/0090-fault-injection.md).
 * A call of an organisation with nothing armed costs a set lookup; which organisations have
 * something armed is read again every `refreshMs` on every process, and at once on the process
 * that armed it. Each use is spent in the database, so a count holds across processes.
 */
export class FaultInjector {
  private armedOrganisations = new Set<number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: FaultInjectionStore,
    private readonly clock: Clock,
    readonly enabled: boolean,
    private readonly refreshMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  async start(): Promise<void> {
    if (!this.enabled) return;
    await this.refresh();
    this.timer = setInterval(() => void this.refresh().catch(this.onError), this.refreshMs).unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  async refresh(): Promise<void> {
    this.armedOrganisations = await this.store.armedOrganisations(this.clock.now());
  }

  armed(organisationId: number): void {
    this.armedOrganisations.add(organisationId);
  }

  /** The injection this call gets, its use spent; undefined for almost every call. */
  async take(organisationId: number, operation: string): Promise<Injection | undefined> {
    if (!this.enabled || !this.armedOrganisations.has(organisationId)) return undefined;
    for (const injection of await this.store.armed(organisationId, this.clock.now())) {
      if (injection.operation !== null && injection.operation !== operation) continue;
      if (await this.store.spend(injection.id)) return injection;
    }
    return undefined;
  }
}
