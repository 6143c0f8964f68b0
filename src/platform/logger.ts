import winston from 'winston';

export type Logger = winston.Logger;

/**
 * Structured JSON logs. Callers pass identifiers (correlation id, organisation, username,
 * operation, outcome), never learner demographics, passwords or secret answers.
 */
export function createLogger(level: string, silent = false): Logger {
  return winston.createLogger({
    level,
    silent,
    format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
    defaultMeta: { service: 'lrs-gateway' },
    transports: [new winston.transports.Console()],
  });
}
