import winston from 'winston';

export type Logger = winston.Logger;

/** Fields whose value is never written, whoever passes them (a second line of defence). */
const SECRET_FIELD = /pass(word)?|secret|answer|token|authori[sz]ation|credential|cookie/i;
/** Fields that carry an error's text, which may quote the data that caused it. */
const ERROR_FIELD = /^(error|reason|cause)$/i;

/**
 * An error's text without what it may quote: SQL errors quote the values of a duplicate key,
 * schema errors the value that failed, and a ULN is ten digits. What is left says what failed.
 */
export function scrubErrorText(text: string): string {
  return text
    .replace(/'[^']*'/g, "'…'")
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\b\d{10}\b/g, '##########');
}

function scrub(value: unknown, key: string, depth: number): unknown {
  if (SECRET_FIELD.test(key)) return '[redacted]';
  if (ERROR_FIELD.test(key) && (typeof value === 'string' || value instanceof Error)) {
    return scrubErrorText(value instanceof Error ? `${value.name}: ${value.message}` : value);
  }
  if (depth < 4 && value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, k, depth + 1)]));
  }
  return value;
}

const redact = winston.format((info) => {
  for (const key of Object.keys(info)) {
    if (key !== 'level' && key !== 'message') info[key] = scrub(info[key], key, 0);
  }
  return info;
});

/**
 * Structured JSON logs. Callers pass identifiers (correlation id, organisation, username,
 * operation, outcome), never learner demographics, passwords or secret answers; the redacting
 * format drops secret-named fields and the quoted values of error texts in case one slips in.
 */
export function createLogger(
  level: string,
  silent = false,
  transport: winston.transport = new winston.transports.Console(),
): Logger {
  return winston.createLogger({
    level,
    silent,
    format: winston.format.combine(redact(), winston.format.timestamp(), winston.format.json()),
    defaultMeta: { service: 'lrs-gateway' },
    transports: [transport],
  });
}
