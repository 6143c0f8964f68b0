import type { Caller, Reply } from '../caller';
import type { Ledger } from '../ledger';
import type { LearnerPool } from '../learners';
import type { Traffic } from '../traffic';
import { firstText } from '../../test/support/soap-messages';

/** What every client loop works with: its own caller, and the shared traffic, ledger and learners. */
export interface ClientContext {
  caller: Caller;
  traffic: Traffic;
  ledger: Ledger;
  pool: LearnerPool;
}

export type ClientLoop = (context: ClientContext) => Promise<void>;

/** Yesterday (UTC): an action date that is never after the gateway's today, whatever its time zone. */
export function actionDate(): string {
  return new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
}

/** A check for a successful SOAP answer whose elements have these values. */
export function expectFields(expected: Record<string, string>): (reply: Reply) => string | undefined {
  return (reply) => {
    if (reply.status !== 200) return `${firstText(reply.body, 'Code') ?? firstText(reply.body, 'ErrorCode') ?? 'no fault code'}`;
    const wrong = Object.entries(expected).filter(([name, value]) => firstText(reply.body, name) !== value);
    if (wrong.length === 0) return undefined;
    return wrong.map(([name, value]) => `${name} ${firstText(reply.body, name) ?? '(none)'} instead of ${value}`).join(', ');
  };
}
