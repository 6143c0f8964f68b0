import { createHash } from 'node:crypto';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import type { ErrorCode } from '../../src/platform/error-codes';
import { eachDatabase } from './databases';
import {
  codeAsShown,
  envelopeWithFields,
  expectedFault,
  GOOD_LEARNER,
  MIB,
  newCorrelationId,
  observeFault,
  ordinaryEnvelope,
  type RequestSpec,
  type SurfaceName,
  type SurfaceUnderTest,
  send,
} from './hostile-soap';
import { type RunningGateway, startGateway } from './running-gateway';
import { firstText } from './soap-messages';

/**
 * The hostile-input suite: one gateway (and one fresh database) per database under test, and per
 * surface a table of cases. Every refusal must be a clean SOAP 1.1 fault (HTTP 500, text/xml)
 * carrying the right stable code, must leak nothing about the server, must change no learner and
 * no account beyond what the refusal itself means (a wrong password counts), must be audited, and
 * the gateway must keep serving: each case is followed by the surface's ordinary request.
 *
 * Each case compares one summary of what happened (fault, learners, accounts, audit trail, the
 * follow-up request) with the expected one, so a failure shows every difference at once.
 */

// ---------------------------------------------------------------------------------------------
// What the database shows
// ---------------------------------------------------------------------------------------------

export interface Snapshot {
  learners: string;
  learnerCount: number;
  users: Map<string, { status: string; failedAttempts: number }>;
  auditCount: number;
}

const jsonSafe = (_key: string, value: unknown) => (typeof value === 'bigint' ? value.toString() : value);

/** The learners (as a digest), the accounts' states and the audit trail's length, pending entries written. */
export async function snapshot(gateway: RunningGateway['gateway']): Promise<Snapshot> {
  await gateway.audit.flush();
  const dataSource = gateway.dataSource;
  const learners: unknown[] = await dataSource.query('SELECT * FROM learners ORDER BY id');
  const users: { username: string; status: string; failed_attempts: number | string }[] = await dataSource.query(
    'SELECT username, status, failed_attempts FROM users ORDER BY username',
  );
  const [{ n }]: { n: number | string }[] = await dataSource.query('SELECT COUNT(*) AS n FROM audit_entries');
  return {
    learners: createHash('sha256').update(JSON.stringify(learners, jsonSafe)).digest('hex'),
    learnerCount: learners.length,
    users: new Map(users.map((u) => [u.username, { status: u.status, failedAttempts: Number(u.failed_attempts) }])),
    auditCount: Number(n),
  };
}

export type UserChanges = Record<string, { failedAttempts?: number; status?: string }>;

/** Per user: the change in failed_attempts and the new status, for users that changed. */
export function userChanges(before: Snapshot, after: Snapshot): UserChanges {
  const changes: UserChanges = {};
  for (const [username, now] of after.users) {
    const then = before.users.get(username);
    const change: { failedAttempts?: number; status?: string } = {};
    if (!then || then.failedAttempts !== now.failedAttempts)
      change.failedAttempts = now.failedAttempts - (then?.failedAttempts ?? 0);
    if (!then || then.status !== now.status) change.status = now.status;
    if (Object.keys(change).length > 0) changes[username] = change;
  }
  return changes;
}

/**
 * The audit entries of one call. Refusals are written behind the reply (write-behind audit), so
 * the buffer is flushed and the table read again for a short while until `wanted` entries show.
 */
export async function auditOutcomes(gateway: RunningGateway['gateway'], correlationId: string, wanted = 1): Promise<string[]> {
  let outcomes: string[] = [];
  for (let attempt = 0; attempt < 8; attempt++) {
    await gateway.audit.flush();
    const rows: { surface: string; outcome: string }[] = await gateway.dataSource.query(
      'SELECT surface, outcome FROM audit_entries WHERE correlation_id = ? ORDER BY id',
      [correlationId],
    );
    outcomes = rows.map((r) => `${r.surface} ${r.outcome}`);
    if (outcomes.length >= wanted) break;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return outcomes;
}

// ---------------------------------------------------------------------------------------------
// Big and compressed bodies (built once: the gzip bomb takes a moment)
// ---------------------------------------------------------------------------------------------

const BOMB_INFLATED_BYTES = 50 * MIB;
const bombs = new Map<string, Buffer>();

/** An ordinary envelope with 50 MiB of spaces inside the request element, compressed. */
export function bomb(s: SurfaceUnderTest, encoding: 'gzip' | 'br'): Buffer {
  const key = `${s.name} ${encoding}`;
  let compressed = bombs.get(key);
  if (!compressed) {
    const xml = ordinaryEnvelope(s);
    const cut = xml.indexOf('</soapenv:Body>');
    const [head, tail] = [xml.slice(0, cut), xml.slice(cut)];
    const inflated = Buffer.concat([
      Buffer.from(head),
      Buffer.alloc(BOMB_INFLATED_BYTES - head.length - tail.length, ' '),
      Buffer.from(tail),
    ]);
    compressed =
      encoding === 'gzip'
        ? gzipSync(inflated, { level: 9 })
        : brotliCompressSync(inflated, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 } });
    bombs.set(key, compressed);
  }
  return compressed;
}

/** 2 MiB of whitespace inside an otherwise ordinary envelope. */
export function oversized(s: SurfaceUnderTest): string {
  return envelopeWithFields(s, s.learnerFields(GOOD_LEARNER) + ' '.repeat(2 * MIB));
}

/** A chunked upload (no Content-Length) that goes on past the limit. */
export function chunkedOversized(s: SurfaceUnderTest): () => ReadableStream<Uint8Array> {
  return () => {
    const [head, tail] = [ordinaryEnvelope(s).slice(0, 200), ordinaryEnvelope(s).slice(200)];
    const chunks = [Buffer.from(head), ...Array.from({ length: 40 }, () => Buffer.alloc(64 * 1024, ' ')), Buffer.from(tail)];
    return new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift();
        if (next) controller.enqueue(new Uint8Array(next));
        else controller.close();
      },
    });
  };
}

/** Bytes that are nothing like XML (no '<' at all), deterministic. */
export const GARBAGE = Buffer.from(Array.from({ length: 600 }, (_, i) => (i % 50 === 0 ? 0x00 : 0x80 + ((i * 37) % 128))));

// ---------------------------------------------------------------------------------------------
// The cases
// ---------------------------------------------------------------------------------------------

export interface HostileCase {
  what: string;
  surfaces?: SurfaceName[];
  request(s: SurfaceUnderTest): RequestSpec;
  /** The stable code expected (AO: detail Code; LRS: its WSEC code, and the audit outcome). */
  code: ErrorCode;
  /** Other acceptable codes, when more than one refusal is right (e.g. undecodable bytes). */
  alsoAcceptable?: ErrorCode[];
  faultcode?: 'VersionMismatch' | 'MustUnderstand';
  /** An HTTP authentication challenge expected with the fault (401 instead of 500). */
  challenge?: string;
  /** Account changes the refusal itself makes (a wrong password is counted). */
  userChanges?: (s: SurfaceUnderTest) => UserChanges;
  /**
   * Refused by the front door after the body was read, so the audit trail names the outcome.
   * Refusals before the body is read (size, encoding, HTTP verb) are covered by a separate test.
   */
  audited?: boolean;
  /** Measure time and memory while the server handles it (the gzip bomb). */
  watchResources?: boolean;
}

export const victorCounted = (): UserChanges => ({ 'victor.vance': { failedAttempts: 1 } });

// ---------------------------------------------------------------------------------------------
// The suite
// ---------------------------------------------------------------------------------------------

/** Samples the process's memory while a request is served (the gateway runs in this process). */
function watchMemory(): { stop(): { peakGrowthMiB: number } } {
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 2);
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().rss);
      return { peakGrowthMiB: Math.round(((peak - baseline) / MIB) * 10) / 10 };
    },
  };
}

const SURFACE_TITLES: Record<SurfaceName, string> = {
  AO: 'AO gateway /soap/ao',
  LRS: 'LRS /LearnerService.svc',
  EXT: 'LRS /ExternalService.svc',
  R9: 'LRS /LearnerServiceR9.svc',
};

/** What a test of the suite may use besides its cases (e.g. a lockout journey). */
export interface HostileSuiteContext {
  running(): RunningGateway;
  /** The ordinary request of the surface, as "<status> <ResponseCode>". */
  ordinary(s: SurfaceUnderTest): Promise<string>;
}

/** The ordinary request of a surface: it must succeed (the server keeps serving). */
async function ordinaryAnswer(running: RunningGateway, s: SurfaceUnderTest): Promise<string> {
  const reply = await send(running.baseUrl, s, { body: ordinaryEnvelope(s) });
  return reply.transportError ?? `${reply.status} ${firstText(reply.body, 'ResponseCode') ?? reply.body.slice(0, 200)}`;
}

/**
 * Runs the cases on each surface they name (all of `surfaces` by default), on every database under
 * test, against one gateway per database; `more` adds tests to each surface's block.
 */
export function describeHostileInput(
  title: string,
  surfaces: SurfaceUnderTest[],
  cases: HostileCase[],
  more?: (s: SurfaceUnderTest, context: HostileSuiteContext) => void,
): void {
  describe.each(eachDatabase())(`${title} on %s`, (_name, database) => {
    let running: RunningGateway;
    beforeAll(async () => {
      running = await startGateway({ database });
    });
    afterAll(() => running?.stop());
    const context: HostileSuiteContext = { running: () => running, ordinary: (s) => ordinaryAnswer(running, s) };

    describe.each(surfaces.map((s) => [SURFACE_TITLES[s.name], s] as const))('%s', (_surface, s) => {
      test('the ordinary request answers as it should (the baseline every case returns to)', async () => {
        expect(await context.ordinary(s)).toBe(s.ordinaryAnswer);
      });

      const mine = cases.filter((c) => !c.surfaces || c.surfaces.includes(s.name));
      test.each(mine.map((c) => [c.what, c] as const))('%s', async (_what, c) => {
        const spec = c.request(s);
        const correlationId = newCorrelationId(s);
        const code = c.code;
        const audited = c.audited ?? true;
        const withDescription = s.name === 'LRS' && code === 'HTTP_METHOD_NOT_ALLOWED';

        const before = await snapshot(running.gateway);
        const memory = c.watchResources ? watchMemory() : undefined;
        const started = performance.now();
        const reply = await send(running.baseUrl, s, spec, correlationId);
        const elapsedMs = performance.now() - started;
        const growth = memory?.stop();
        const audit = audited ? await auditOutcomes(running.gateway, correlationId) : [];
        const after = await snapshot(running.gateway);
        const followUp = await context.ordinary(s);

        const fault = observeFault(s, reply, correlationId, withDescription);
        const accepted = [code, ...(c.alsoAcceptable ?? [])];
        const acceptedCode = accepted.find((a) => codeAsShown(s, a) === fault.code) ?? code;
        const stableCode =
          s.name === 'AO' ? acceptedCode : (accepted.find((a) => audit.includes(`${s.auditSurface} ${a}`)) ?? acceptedCode);

        const observed = {
          fault,
          learners: { count: after.learnerCount, unchanged: after.learners === before.learners },
          users: userChanges(before, after),
          audit: audited ? { entries: audit, appended: after.auditCount > before.auditCount } : 'not checked here',
          resources: c.watchResources
            ? { answeredWithin5s: elapsedMs < 5_000, memoryGrowthUnder40MiB: (growth?.peakGrowthMiB ?? 0) < 40 }
            : 'not measured',
          followUp,
        };
        const expected = {
          fault: {
            ...expectedFault(s, acceptedCode, c.faultcode, correlationId, withDescription),
            ...(c.challenge ? { status: 401, wwwAuthenticate: c.challenge } : {}),
          },
          learners: { count: before.learnerCount, unchanged: true },
          users: c.userChanges?.(s) ?? {},
          audit: audited ? { entries: [`${s.auditSurface} ${stableCode}`], appended: true } : 'not checked here',
          resources: c.watchResources ? { answeredWithin5s: true, memoryGrowthUnder40MiB: true } : 'not measured',
          followUp: s.ordinaryAnswer,
        };
        expect(observed).toEqual(expected);
      });

      more?.(s, context);
    });
  });
}
