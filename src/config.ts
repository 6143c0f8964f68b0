import { isIP } from 'node:net';
import path from 'node:path';
import { EDC_ASSIGNMENTS, type EdcAssignment } from './data-challenges/data-challenge.rules';
import type { XmlLimits } from './platform/xml/xml-prescan';

/** Every setting the gateway reads, read once from the environment at start-up. */
export interface Config {
  port: number;
  host: string;
  publicBaseUrl: string | undefined;
  databaseUrl: string;
  logLevel: 'error' | 'warn' | 'info' | 'http' | 'debug';
  seedOnStart: boolean;
  startupLockTimeoutSeconds: number;
  syntheticLearnerCount: number;
  /** guide 3.5.6.3 says 3, guide 3.5.6.1 says 10: the stricter reading is the default. */
  lockoutThreshold: number;
  passwordExpiryDays: number;
  scryptCost: number;
  credentialCacheSize: number;
  /** Accounts and organisations each process keeps in memory (docs/decisions/0073-cached-reads-kept-correct-by-change-counters.md). */
  accountCacheSize: number;
  /** Learners each process keeps in memory, the least recently verified given up first (the same record). */
  learnerCacheSize: number;
  passwordDigestKey: Buffer | undefined;
  wsseCreatedToleranceSeconds: number;
  bodyLimitBytes: number;
  xmlMaxDepth: number;
  xmlMaxNameLength: number;
  xmlMaxAttributes: number;
  /** How long a process reuses what it read of the maintenance windows (docs/decisions/0060-maintenance-windows.md). */
  maintenanceCacheSeconds: number;
  /** Retry-After of a maintenance window switched on with no end. */
  maintenanceRetryAfterSeconds: number;
  validateResponses: boolean;
  auditFlushMs: number;
  /** The request journal (docs/decisions/0087-the-request-journal.md): entries kept per organisation, their age, and each body's size. */
  journalMaxEntries: number;
  journalMaxAgeDays: number;
  journalBodyMaxChars: number;
  /** How often each process reads again which organisations keep a journal. */
  journalRefreshSeconds: number;
  /** The developers' sandbox: fault injection, reset and snapshots of their own organisation (docs/decisions/0090-fault-injection.md). */
  sandbox: boolean;
  /** The compatibility console's sessions (docs/decisions/0089-console-sessions-and-forms.md): unused this long, and at most this old. */
  consoleSessionIdleMinutes: number;
  consoleSessionMaxHours: number;
  /** guide 5.1 asks that learner details match; a possible match (WSVRC003/004) is accepted only if set. */
  achievementAcceptPossibleMatch: boolean;
  /** How long before registering a learner the organisation must have searched for them (docs/decisions/0085-registering-and-updating-learners.md). */
  registerFindWindowSeconds: number;
  /** How long after a search that found possible matches registering the learner is refused. */
  registerPossibleMatchWaitSeconds: number;
  /** Run a batch worker inside the server process (as well as any `npm run worker` processes). */
  batchWorkerInProcess: boolean;
  batchChunkRows: number;
  batchLeaseMs: number;
  batchLanes: number;
  batchPollMs: number;
  batchWakePollMs: number;
  /** The largest SOAP request that carries a batch file (SubmitBatchJob, submitVerifyBatch, SubmitAchievementBatchJob). */
  batchSoapBodyLimitBytes: number;
  /** The largest file uploaded to POST /admin/batches, which streams it to the database. */
  batchUploadLimitBytes: number;
  ofqualApiBase: string;
  /** smtp://user:pass@host:port; unset in development, where mail is written to files under mailDir. */
  smtpUrl: string | undefined;
  mailFrom: string;
  mailDir: string;
  mailDeliveryIntervalMs: number;
  mailMaxAttempts: number;
  /** The LRS service desk, told of every resolved data challenge (guide 6.2.3). */
  serviceDeskEmail: string;
  /**
   * guide 6.1: `triage` (an operator assigns each raised challenge) or `automatic` (straight to the
   * achievement's AO). Automatic by default only with the compatibility data set (SEED_ON_START).
   */
  edcAssignment: EdcAssignment;
  /** guide 6.1: the monthly report of open data challenges, run in-process on this day (1-28) at this HH:MM in this zone. */
  edcReportSchedule: boolean;
  edcReportDay: number;
  edcReportTime: string;
  edcReportTimeZone: string;
  // ---- Running as a production service (docs/production.md): TLS, client certificates, shutdown ----
  /** PEM files of the server's certificate (with its chain) and key: HTTPS when both are set. */
  tlsCertFile: string | undefined;
  tlsKeyFile: string | undefined;
  /** PEM bundle of the CA(s) that sign MIS client certificates; certificates are asked for when set. */
  tlsClientCaFile: string | undefined;
  /** PEM CRL(s) of the client CA(s): a revoked client certificate is refused. */
  tlsClientCrlFile: string | undefined;
  /** How often the TLS files are looked at again and, when one has changed, taken up without a restart (0: never). */
  tlsReloadSeconds: number;
  /** How SOAP callers prove who they are: passwords, a client certificate and passwords, or a certificate alone. */
  clientAuthMode: ClientAuthMode;
  /** SIGTERM: how long in-flight calls and the batch chunk in hand may take before the process is forced out. */
  shutdownDeadlineMs: number;

  // ---- Metrics, logs and rate limits (docs/observability.md, docs/rate-limits.md) ----
  /** /metrics: open, behind a bearer token, behind an operator's HTTP Basic credentials, or off. */
  metricsAccess: MetricsAccess;
  metricsBearerToken: string | undefined;
  /** The gauges read from the database (jobs by status, outbox) are reused this long between scrapes. */
  metricsDbCacheSeconds: number;
  /** `npm run worker` serves its own /metrics on this port; 0 serves none. */
  workerMetricsPort: number;
  /** Express's `trust proxy`: which proxies' X-Forwarded-For gives the source address (per-address rate limits). */
  trustProxy: boolean | number | string;
  rateLimitEnabled: boolean;
  /** Where the counters live: the database when it is MySQL/MariaDB (shared by every process), else memory. */
  rateLimitStore: RateLimitStore;
  rateLimitWindowSeconds: number;
  /** Requests per window; 0 turns that one limit off. */
  rateLimitSoapPerOrganisation: number;
  rateLimitSoapPerAddress: number;
  rateLimitAdminPerOrganisation: number;
  rateLimitAdminPerAddress: number;
  /** Wrong organisation passwords one address may send per window before its LRS logins are refused (0: no limit). */
  orgPasswordFailuresPerAddress: number;
  orgPasswordFailureWindowSeconds: number;
}

export const CLIENT_AUTH_MODES = ['password', 'certificate-and-password', 'certificate'] as const;
export type ClientAuthMode = (typeof CLIENT_AUTH_MODES)[number];
export const METRICS_ACCESS = ['open', 'bearer', 'operator', 'off'] as const;
export type MetricsAccess = (typeof METRICS_ACCESS)[number];
export const RATE_LIMIT_STORES = ['auto', 'memory', 'database'] as const;
export type RateLimitStore = (typeof RATE_LIMIT_STORES)[number];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

class Reader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  string(name: string, fallback: string): string {
    const value = this.env[name];
    return value === undefined || value === '' ? fallback : value;
  }

  optionalString(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value === '' ? undefined : value;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    if (!/^-?\d+$/.test(raw.trim())) {
      this.problems.push(`${name} must be a whole number, got "${raw}"`);
      return fallback;
    }
    const value = Number(raw);
    if (value < min || value > max) {
      this.problems.push(`${name} must be between ${min} and ${max}, got ${value}`);
      return fallback;
    }
    return value;
  }

  boolean(name: string, fallback: boolean): boolean {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    const normalised = raw.trim().toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(normalised)) return true;
    if (['false', '0', 'no', 'off'].includes(normalised)) return false;
    this.problems.push(`${name} must be true or false, got "${raw}"`);
    return fallback;
  }

  oneOf<T extends string>(name: string, fallback: T, allowed: readonly T[]): T {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    this.problems.push(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
    return fallback;
  }

  key(name: string): Buffer | undefined {
    const raw = this.optionalString(name);
    if (raw === undefined) return undefined;
    const key = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
    if (key.length !== 32) {
      this.problems.push(`${name} must be 32 bytes, as 64 hex digits or base64`);
      return undefined;
    }
    return key;
  }
}

/** The structural limits of XML: SOAP messages and XML batch files alike. */
export function xmlLimitsOf(config: Config): XmlLimits {
  return { maxDepth: config.xmlMaxDepth, maxNameLength: config.xmlMaxNameLength, maxAttributes: config.xmlMaxAttributes };
}

export const DEFAULT_DATABASE_URL = `sqlite:${path.join('data', 'lrs-gateway.sqlite')}`;

export function loadConfig(env: Env = process.env): Config {
  const read = new Reader(env);
  const databaseUrl = read.string('DATABASE_URL', DEFAULT_DATABASE_URL);
  if (!/^(sqlite:|mysql:\/\/|mariadb:\/\/)/.test(databaseUrl)) {
    read.problems.push('DATABASE_URL must start with sqlite: or mysql:// (or mariadb://)');
  }
  const publicBaseUrl = read.optionalString('PUBLIC_BASE_URL');
  if (publicBaseUrl !== undefined && !/^https?:\/\/[^/]+/.test(publicBaseUrl)) {
    read.problems.push('PUBLIC_BASE_URL must be an absolute http(s) URL');
  }
  const config: Config = {
    port: read.integer('PORT', 8080, 0, 65535),
    host: read.string('HOST', '0.0.0.0'),
    publicBaseUrl: publicBaseUrl?.replace(/\/+$/, ''),
    databaseUrl,
    // http: one line per request (docs/observability.md, "Logs"); info leaves them out.
    logLevel: read.oneOf('LOG_LEVEL', 'http', ['error', 'warn', 'info', 'http', 'debug'] as const),
    seedOnStart: read.boolean('SEED_ON_START', true),
    startupLockTimeoutSeconds: read.integer('STARTUP_LOCK_TIMEOUT_SECONDS', 300, 1, 86_400),
    syntheticLearnerCount: read.integer('SYNTHETIC_LEARNERS', 5000, 0, 1_000_000),
    lockoutThreshold: read.integer('LOCKOUT_THRESHOLD', 3, 1, 100),
    passwordExpiryDays: read.integer('PASSWORD_EXPIRY_DAYS', 44, 1, 3650),
    scryptCost: read.integer('SCRYPT_COST', 32768, 1024, 1 << 20),
    credentialCacheSize: read.integer('CREDENTIAL_CACHE_SIZE', 10_000, 0, 10_000_000),
    accountCacheSize: read.integer('ACCOUNT_CACHE_SIZE', 10_000, 0, 10_000_000),
    learnerCacheSize: read.integer('LEARNER_CACHE_SIZE', 10_000, 0, 10_000_000),
    passwordDigestKey: read.key('PASSWORD_DIGEST_KEY'),
    wsseCreatedToleranceSeconds: read.integer('WSSE_CREATED_TOLERANCE_SECONDS', 300, 1, 86_400),
    bodyLimitBytes: read.integer('BODY_LIMIT_BYTES', 1_048_576, 1024, 1 << 30),
    xmlMaxDepth: read.integer('XML_MAX_DEPTH', 32, 4, 256),
    xmlMaxNameLength: read.integer('XML_MAX_NAME_LENGTH', 128, 16, 4096),
    xmlMaxAttributes: read.integer('XML_MAX_ATTRIBUTES', 32, 1, 1024),
    maintenanceCacheSeconds: read.integer('MAINTENANCE_CACHE_SECONDS', 5, 0, 300),
    maintenanceRetryAfterSeconds: read.integer('MAINTENANCE_RETRY_AFTER_SECONDS', 300, 1, 86_400),
    validateResponses: read.boolean('VALIDATE_RESPONSES', false),
    auditFlushMs: read.integer('AUDIT_FLUSH_MS', 20, 0, 10_000),
    journalMaxEntries: read.integer('JOURNAL_MAX_ENTRIES', 1000, 10, 1_000_000),
    journalMaxAgeDays: read.integer('JOURNAL_MAX_AGE_DAYS', 7, 1, 365),
    journalBodyMaxChars: read.integer('JOURNAL_BODY_MAX_CHARS', 16_000, 1_000, 16_000),
    journalRefreshSeconds: read.integer('JOURNAL_REFRESH_SECONDS', 5, 1, 3600),
    sandbox: read.oneOf('SANDBOX', read.boolean('SEED_ON_START', true) ? 'on' : 'off', ['on', 'off'] as const) === 'on',
    consoleSessionIdleMinutes: read.integer('CONSOLE_SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    consoleSessionMaxHours: read.integer('CONSOLE_SESSION_MAX_HOURS', 8, 1, 7 * 24),
    achievementAcceptPossibleMatch: read.boolean('ACHIEVEMENT_ACCEPT_POSSIBLE_MATCH', false),
    registerFindWindowSeconds: read.integer('REGISTER_FIND_WINDOW_SECONDS', 120, 1, 86_400),
    registerPossibleMatchWaitSeconds: read.integer('REGISTER_POSSIBLE_MATCH_WAIT_SECONDS', 30, 0, 86_400),
    batchWorkerInProcess: read.boolean('BATCH_WORKER_IN_PROCESS', true),
    batchChunkRows: read.integer('BATCH_CHUNK_ROWS', 200, 1, 10_000),
    batchLeaseMs: read.integer('BATCH_LEASE_MS', 30_000, 500, 3_600_000),
    // SQLite writes one transaction at a time, so lanes there only make a lone worker read the file again per lane.
    batchLanes: read.integer('BATCH_LANES', databaseUrl.startsWith('sqlite:') ? 1 : 4, 1, 64),
    batchPollMs: read.integer('BATCH_POLL_MS', 1000, 50, 600_000),
    batchWakePollMs: read.integer('BATCH_WAKE_POLL_MS', 100, 0, 60_000),
    batchSoapBodyLimitBytes: read.integer('BATCH_SOAP_BODY_LIMIT_BYTES', 16 * 1_048_576, 1024, 256 * 1_048_576),
    batchUploadLimitBytes: read.integer('BATCH_UPLOAD_LIMIT_BYTES', 1 << 30, 1024, 16 * (1 << 30)),
    smtpUrl: read.optionalString('SMTP_URL'),
    mailFrom: read.string('MAIL_FROM', 'LRS Gateway <no-reply@lrs-gateway.invalid>'),
    mailDir: read.string('MAIL_DIR', path.join('data', 'mail')),
    mailDeliveryIntervalMs: read.integer('MAIL_DELIVERY_INTERVAL_MS', 5000, 100, 3_600_000),
    mailMaxAttempts: read.integer('MAIL_MAX_ATTEMPTS', 20, 1, 1000),
    serviceDeskEmail: read.string('SERVICE_DESK_EMAIL', 'lrs.support@lrs-gateway.invalid'),
    // docs/decisions/0061-edc-triage.md: the compatibility journeys expect the AO to see a challenge at once.
    edcAssignment: read.oneOf('EDC_ASSIGNMENT', read.boolean('SEED_ON_START', true) ? 'automatic' : 'triage', EDC_ASSIGNMENTS),
    edcReportSchedule: read.boolean('EDC_REPORT_SCHEDULE', true),
    edcReportDay: read.integer('EDC_REPORT_DAY', 1, 1, 28),
    edcReportTime: read.string('EDC_REPORT_TIME', '06:00'),
    edcReportTimeZone: read.string('EDC_REPORT_TIME_ZONE', 'Europe/London'),
    ofqualApiBase: read.string('OFQUAL_API_BASE', 'https://register-api.ofqual.gov.uk').replace(/\/+$/, ''),
    ...readServiceSettings(read),
    ...readObservabilitySettings(read, databaseUrl),
  };
  if ((config.scryptCost & (config.scryptCost - 1)) !== 0) {
    read.problems.push('SCRYPT_COST must be a power of two');
  }
  if (config.registerPossibleMatchWaitSeconds >= config.registerFindWindowSeconds) {
    read.problems.push(
      'REGISTER_POSSIBLE_MATCH_WAIT_SECONDS must be less than REGISTER_FIND_WINDOW_SECONDS: a search must still count when its wait is over',
    );
  }
  if (!/^([01][0-9]|2[0-3]):[0-5][0-9]$/.test(config.edcReportTime)) {
    read.problems.push(`EDC_REPORT_TIME must be HH:MM (24-hour), got "${config.edcReportTime}"`);
  }
  if (!isTimeZone(config.edcReportTimeZone)) {
    read.problems.push(`EDC_REPORT_TIME_ZONE must be an IANA time zone such as Europe/London, got "${config.edcReportTimeZone}"`);
  }
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return config;
}

type ServiceSettings = Pick<
  Config,
  | 'tlsCertFile'
  | 'tlsKeyFile'
  | 'tlsClientCaFile'
  | 'tlsClientCrlFile'
  | 'tlsReloadSeconds'
  | 'clientAuthMode'
  | 'shutdownDeadlineMs'
>;

/** TLS, client certificates and shutdown, checked together because they only make sense together. */
function readServiceSettings(read: Reader): ServiceSettings {
  const settings: ServiceSettings = {
    tlsCertFile: read.optionalString('TLS_CERT_FILE'),
    tlsKeyFile: read.optionalString('TLS_KEY_FILE'),
    tlsClientCaFile: read.optionalString('TLS_CLIENT_CA_FILE'),
    tlsClientCrlFile: read.optionalString('TLS_CLIENT_CRL_FILE'),
    tlsReloadSeconds: read.integer('TLS_RELOAD_SECONDS', 300, 0, 86_400),
    clientAuthMode: read.oneOf('CLIENT_AUTH_MODE', 'password', CLIENT_AUTH_MODES),
    shutdownDeadlineMs: read.integer('SHUTDOWN_DEADLINE_MS', 25_000, 100, 600_000),
  };
  if ((settings.tlsCertFile === undefined) !== (settings.tlsKeyFile === undefined)) {
    read.problems.push('TLS_CERT_FILE and TLS_KEY_FILE go together: set both for HTTPS, or neither');
  }
  if (settings.tlsClientCaFile !== undefined && settings.tlsCertFile === undefined) {
    read.problems.push('TLS_CLIENT_CA_FILE needs HTTPS: set TLS_CERT_FILE and TLS_KEY_FILE too');
  }
  if (settings.tlsClientCrlFile !== undefined && settings.tlsClientCaFile === undefined) {
    read.problems.push('TLS_CLIENT_CRL_FILE needs TLS_CLIENT_CA_FILE: it lists what that CA has revoked');
  }
  if (settings.clientAuthMode !== 'password' && settings.tlsClientCaFile === undefined) {
    read.problems.push(
      `CLIENT_AUTH_MODE=${settings.clientAuthMode} needs TLS_CLIENT_CA_FILE, the CA that signs client certificates`,
    );
  }
  // A CA with passwords only would ask for certificates and then ignore them: refuse the half-set-up state.
  if (settings.clientAuthMode === 'password' && settings.tlsClientCaFile !== undefined) {
    read.problems.push('TLS_CLIENT_CA_FILE is set but CLIENT_AUTH_MODE is password: set certificate-and-password or certificate');
  }
  return settings;
}

type ObservabilitySettings = Pick<
  Config,
  | 'metricsAccess'
  | 'metricsBearerToken'
  | 'metricsDbCacheSeconds'
  | 'workerMetricsPort'
  | 'trustProxy'
  | 'rateLimitEnabled'
  | 'rateLimitStore'
  | 'rateLimitWindowSeconds'
  | 'rateLimitSoapPerOrganisation'
  | 'rateLimitSoapPerAddress'
  | 'rateLimitAdminPerOrganisation'
  | 'rateLimitAdminPerAddress'
  | 'orgPasswordFailuresPerAddress'
  | 'orgPasswordFailureWindowSeconds'
>;

/** Metrics, proxies and rate limits. The default limits are generous: they stop floods, not busy MIS. */
function readObservabilitySettings(read: Reader, databaseUrl: string): ObservabilitySettings {
  const perWindow = (name: string, fallback: number) => read.integer(name, fallback, 0, 100_000_000);
  const settings: ObservabilitySettings = {
    metricsAccess: read.oneOf('METRICS_ACCESS', 'open', METRICS_ACCESS),
    metricsBearerToken: read.optionalString('METRICS_BEARER_TOKEN'),
    metricsDbCacheSeconds: read.integer('METRICS_DB_CACHE_SECONDS', 5, 0, 3600),
    workerMetricsPort: read.integer('WORKER_METRICS_PORT', 0, 0, 65535),
    trustProxy: trustProxySetting(read),
    rateLimitEnabled: read.boolean('RATE_LIMIT_ENABLED', true),
    rateLimitStore: read.oneOf('RATE_LIMIT_STORE', 'auto', RATE_LIMIT_STORES),
    rateLimitWindowSeconds: read.integer('RATE_LIMIT_WINDOW_SECONDS', 60, 1, 86_400),
    rateLimitSoapPerOrganisation: perWindow('RATE_LIMIT_SOAP_PER_ORGANISATION', 6000),
    rateLimitSoapPerAddress: perWindow('RATE_LIMIT_SOAP_PER_ADDRESS', 12_000),
    rateLimitAdminPerOrganisation: perWindow('RATE_LIMIT_ADMIN_PER_ORGANISATION', 600),
    rateLimitAdminPerAddress: perWindow('RATE_LIMIT_ADMIN_PER_ADDRESS', 1200),
    orgPasswordFailuresPerAddress: perWindow('ORG_PASSWORD_FAILURES_PER_ADDRESS', 10),
    orgPasswordFailureWindowSeconds: read.integer('ORG_PASSWORD_FAILURE_WINDOW_SECONDS', 900, 1, 86_400),
  };
  if (settings.metricsAccess === 'bearer' && (settings.metricsBearerToken?.length ?? 0) < 16) {
    read.problems.push('METRICS_ACCESS=bearer needs METRICS_BEARER_TOKEN of at least 16 characters');
  }
  if (settings.metricsAccess !== 'bearer' && settings.metricsBearerToken !== undefined) {
    read.problems.push('METRICS_BEARER_TOKEN is set but METRICS_ACCESS is not bearer');
  }
  if (settings.rateLimitStore === 'database' && databaseUrl.startsWith('sqlite:')) {
    read.problems.push('RATE_LIMIT_STORE=database needs MySQL/MariaDB; on SQLite the limits are kept in memory (auto)');
  }
  return settings;
}

/** false (default), true, a number of hops, or addresses/CIDRs and loopback, linklocal, uniquelocal, comma-separated. */
function trustProxySetting(read: Reader): boolean | number | string {
  const raw = read.string('TRUST_PROXY', 'false').trim();
  if (raw === 'false' || raw === 'true') return raw === 'true';
  if (/^\d+$/.test(raw)) return Number(raw);
  const named = new Set(['loopback', 'linklocal', 'uniquelocal']);
  const bad = raw
    .split(',')
    .map((part) => part.trim())
    .filter((part) => !named.has(part) && isIP(part.split('/')[0]) === 0);
  if (bad.length > 0) read.problems.push(`TRUST_PROXY must be true, false, a hop count or addresses/CIDRs; "${bad[0]}" is none`);
  return raw;
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
