import type { Logger } from '../logger';

/** winston's keys for the level and the finished line of a log entry (triple-beam's symbols). */
const LEVEL = Symbol.for('level');
const MESSAGE = Symbol.for('message');

/** The fields of a request's log line: identifiers only, by construction (request-context.ts). */
export interface RequestLine {
  correlationId: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  surface?: string;
  operation?: string;
  outcome?: string;
  username?: string;
  organisationId?: number;
}

/**
 * Writes the one line of each request straight to the logger's transports, as one
 * JSON.stringify of a fixed shape. The logger's format chain (redaction, timestamp, JSON) costs
 * several times the line itself and exists for lines whose fields are not known in advance;
 * every field here is an identifier the front doors set, so there is nothing to redact.
 */
export class RequestLog {
  constructor(private readonly logger: Logger) {}

  /** Whether a request line would be written at all at the logger's level. */
  get enabled(): boolean {
    return !this.logger.silent && this.logger.isLevelEnabled('http');
  }

  write(line: RequestLine): void {
    const entry = { level: 'http', message: 'request', ...line, service: 'lrs-gateway', timestamp: new Date().toISOString() };
    const info = { ...entry, [LEVEL]: 'http', [MESSAGE]: JSON.stringify(entry) };
    for (const transport of this.logger.transports) transport.write(info);
  }
}
