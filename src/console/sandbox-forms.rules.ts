import { INJECTED_ACTIONS, MAX_COUNT, MAX_DELAY_MS, MAX_EXPIRY_SECONDS } from '../fault-injection/fault-injection.rules';

/**
 * The fault-injection and snapshot forms of the console, read into the admin API's bodies with an
 * error per field in the GOV.UK way (docs/decisions/0088-the-compatibility-console.md). The admin
 * route still checks everything itself; this only says what is wrong in the form's own words.
 */

export const ACTION_TEXT: Record<(typeof INJECTED_ACTIONS)[number], string> = {
  DELAY: 'Delay the answer',
  HTTP_503: 'Answer HTTP 503 Service Unavailable',
  RESET: 'Reset the connection',
  FAULT: 'Answer a fault',
  TIMEOUT: 'Give no answer (time out)',
};

type Field = 'action' | 'operation' | 'delayMs' | 'fault' | 'count' | 'expiresInMinutes';

export interface InjectionForm {
  body?: {
    action: string;
    operation?: string;
    delayMs?: number;
    fault?: string;
    count: number;
    expiresInSeconds: number;
  };
  values: Partial<Record<Field, string>>;
  errors: Partial<Record<Field, string>>;
}

const MAX_EXPIRY_MINUTES = MAX_EXPIRY_SECONDS / 60;

function whole(text: string, min: number, max: number): number | undefined {
  if (!/^[0-9]{1,9}$/.test(text)) return undefined;
  const value = Number(text);
  return value >= min && value <= max ? value : undefined;
}

export function readInjectionForm(form: Record<string, unknown>): InjectionForm {
  const values: InjectionForm['values'] = {};
  for (const field of ['action', 'operation', 'delayMs', 'fault', 'count', 'expiresInMinutes'] as const) {
    const value = form[field];
    if (typeof value === 'string' && value.trim() !== '') values[field] = value.trim();
  }
  const errors: InjectionForm['errors'] = {};
  const action = values.action;
  if (!action || !(INJECTED_ACTIONS as readonly string[]).includes(action)) errors.action = 'Choose what the calls get';
  if (values.operation !== undefined && !/^[A-Za-z][A-Za-z0-9_]{0,59}$/.test(values.operation)) {
    errors.operation = 'Operation must be the WSDL name of an operation, like verifyLearner';
  }
  const delayMs = values.delayMs === undefined ? undefined : whole(values.delayMs, 1, MAX_DELAY_MS);
  if (action === 'DELAY' && delayMs === undefined) errors.delayMs = `Enter a delay from 1 to ${MAX_DELAY_MS} milliseconds`;
  const fault = values.fault?.toUpperCase();
  if (action === 'FAULT' && (fault === undefined || !/^[A-Z0-9_]{4,60}$/.test(fault))) {
    errors.fault = 'Enter an error code, like WSEC0004 or MESSAGE_INVALID';
  }
  const count = whole(values.count ?? '', 1, MAX_COUNT);
  if (count === undefined) errors.count = `Enter how many calls, from 1 to ${MAX_COUNT}`;
  const minutes = whole(values.expiresInMinutes ?? '', 1, MAX_EXPIRY_MINUTES);
  if (minutes === undefined) errors.expiresInMinutes = `Enter how many minutes it lasts, from 1 to ${MAX_EXPIRY_MINUTES}`;
  if (Object.keys(errors).length > 0) return { values, errors };
  return {
    values,
    errors,
    body: {
      action: action as string,
      ...(values.operation ? { operation: values.operation } : {}),
      ...(action === 'DELAY' ? { delayMs } : {}),
      ...(action === 'FAULT' ? { fault } : {}),
      count: count as number,
      expiresInSeconds: (minutes as number) * 60,
    },
  };
}

/** A snapshot name as the admin API takes it. */
export function snapshotNameError(name: string): string | undefined {
  if (name === '') return 'Enter a name for the snapshot';
  return /^[A-Za-z0-9._-]{1,60}$/.test(name)
    ? undefined
    : 'A snapshot name is 1 to 60 letters, digits, dots, hyphens or underscores';
}

/** What the sandbox page says after a form, from a fixed list: nothing a link carries is printed as it came. */
export function sandboxNotice(query: Record<string, unknown>): string | undefined {
  const count = (name: string) => (typeof query[name] === 'string' && /^[0-9]{1,9}$/.test(query[name]) ? query[name] : '0');
  const name = typeof query.name === 'string' && snapshotNameError(query.name) === undefined ? query.name : undefined;
  switch (query.done) {
    case 'reset':
      return `Your sandbox was reset: ${count('achievements')} achievements and ${count('dataChallenges')} data challenges removed.`;
    case 'saved':
      return name && `Snapshot ${name} saved.`;
    case 'restored':
      return (
        name &&
        `Snapshot ${name} restored: ${count('achievements')} achievements and ${count('dataChallenges')} data challenges put back.`
      );
    case 'deleted':
      return name && `Snapshot ${name} deleted.`;
    default:
      return undefined;
  }
}
