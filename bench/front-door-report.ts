// The front door's figures as markdown: one table of operations per database, whether each met its
// target, and the stage table beside it (each stage alone and inside the server).
import type { FrontDoorRow, Measured } from './front-door';
import type { FrontDoorSurface, StagePart } from './stages';
import { AROUND_THE_STAGES, STAGES } from './stages';

const SURFACE_PATHS: Record<FrontDoorSurface, string> = { 'soap-ao': '/soap/ao', 'soap-lrs': '/LearnerService.svc' };

const NOT_REPORTED = 'not reported by this build';

export function baselineMean(row: FrontDoorRow): number {
  return (row.baselineBefore.requestsPerSecond + row.baselineAfter.requestsPerSecond) / 2;
}

export function ratioOf(row: FrontDoorRow): number {
  return row.measured.requestsPerSecond / baselineMean(row);
}

/** Responses outside 2xx and connection errors, of the operation and of its baselines. */
export function failuresOf(row: FrontDoorRow): number {
  return [row.baselineBefore, row.measured, row.baselineAfter].reduce((n, m) => n + m.non2xx + m.errors, 0);
}

const fixed = (n: number | undefined, digits: number) => (n === undefined || Number.isNaN(n) ? 'n/a' : n.toFixed(digits));

export function operationsTable(rows: FrontDoorRow[]): string[] {
  const cpu = (m: Measured) => fixed(m.serverCpuMicrosPerRequest, 0);
  return [
    '| operation | answer bytes | requests/s | bare Express requests/s (before, after) | ratio | p50 ms | p99 ms | non-2xx / errors | server CPU µs/request (bare Express) | server peak RSS MB |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
    ...rows.map((row) => {
      const m = row.measured;
      const failures = [row.baselineBefore, m, row.baselineAfter].map((f) => `${f.non2xx}/${f.errors}`);
      return (
        `| ${row.operation.label} | ${row.answerBytes} | ${fixed(m.requestsPerSecond, 0)} ` +
        `| ${fixed(baselineMean(row), 0)} (${fixed(row.baselineBefore.requestsPerSecond, 0)}, ${fixed(row.baselineAfter.requestsPerSecond, 0)}) ` +
        `| ${fixed(ratioOf(row), 2)} | ${fixed(m.p50Ms, 1)} | ${fixed(m.p99Ms, 1)} ` +
        `| ${failures[1]}${failuresOf(row) > m.non2xx + m.errors ? ` (baseline ${failures[0]}, ${failures[2]})` : ''} ` +
        `| ${cpu(m)} (${cpu(row.baselineBefore)}, ${cpu(row.baselineAfter)}) ` +
        `| ${fixed(m.serverPeakRssMb, 0)} |`
      );
    }),
  ];
}

export function targetLines(rows: FrontDoorRow[]): string[] {
  return rows.map((row) => {
    const ratio = ratioOf(row);
    const { least, aim } = row.operation.target;
    const met = ratio >= least ? 'met' : 'NOT MET';
    const aimed = aim === undefined ? '' : `; aim ${aim}: ${ratio >= aim ? 'reached' : 'not reached'}`;
    return `- ${row.operation.label}: ${fixed(ratio, 2)} of bare Express, target ≥ ${least}: ${met}${aimed}`;
  });
}

/** Rows: the stages in the order of a request, any other the server reports, then the work around them. */
function stageOrder(alone: Record<FrontDoorSurface, StagePart[]>, rows: FrontDoorRow[]): string[] {
  const seen = new Set<string>([
    ...Object.values(alone).flatMap((parts) => parts.map((p) => p.stage)),
    ...rows.flatMap((row) => [...(row.stagesInside?.keys() ?? [])]),
  ]);
  const known: readonly string[] = STAGES;
  return [
    ...STAGES.filter((s) => seen.has(s)),
    ...[...seen].filter((s) => !known.includes(s) && s !== AROUND_THE_STAGES),
    ...(seen.has(AROUND_THE_STAGES) ? [AROUND_THE_STAGES] : []),
  ];
}

export function stageTable(alone: Record<FrontDoorSurface, StagePart[]>, rows: FrontDoorRow[]): string[] {
  const surfaces = Object.keys(SURFACE_PATHS) as FrontDoorSurface[];
  const aloneCell = (surface: FrontDoorSurface, stage: string) => {
    const parts = alone[surface].filter((p) => p.stage === stage);
    if (parts.length === 0) return '—';
    const total = parts.reduce((sum, p) => sum + p.micros, 0);
    return parts.length === 1 ? total.toFixed(1) : `${total.toFixed(1)} (${parts.map((p) => p.micros.toFixed(1)).join(' + ')})`;
  };
  const insideCell = (row: FrontDoorRow, stage: string) => {
    if (!row.stagesInside) return NOT_REPORTED;
    const micros = row.stagesInside.get(stage);
    return micros === undefined ? '—' : micros.toFixed(1);
  };
  const sumAlone = (surface: FrontDoorSurface) => alone[surface].reduce((sum, p) => sum + p.micros, 0).toFixed(1);
  const sumInside = (row: FrontDoorRow) =>
    row.stagesInside ? [...row.stagesInside.values()].reduce((sum, m) => sum + m, 0).toFixed(1) : NOT_REPORTED;
  const partsOf = (stage: string) => [
    ...new Set(Object.values(alone).flatMap((ps) => ps.filter((p) => p.stage === stage).map((p) => p.part))),
  ];
  const cells = (values: string[]) => `| ${values.join(' | ')} |`;
  return [
    cells([
      'stage',
      'parts timed alone',
      ...surfaces.map((s) => `µs alone, VerifyLearner ${SURFACE_PATHS[s]}`),
      ...rows.map((row) => `µs inside the server, ${row.operation.short}`),
    ]),
    cells(['---', '---', ...surfaces.map(() => '--:'), ...rows.map(() => '--:')]),
    ...stageOrder(alone, rows).map((stage) =>
      cells([
        stage,
        partsOf(stage).join('; ') || '—',
        ...surfaces.map((s) => aloneCell(s, stage)),
        ...rows.map((row) => insideCell(row, stage)),
      ]),
    ),
    cells(['all stages', '', ...surfaces.map(sumAlone), ...rows.map(sumInside)]),
    cells([
      'whole request: server CPU per request (/proc)',
      '',
      ...surfaces.map(() => ''),
      ...rows.map((row) => fixed(row.measured.serverCpuMicrosPerRequest, 0)),
    ]),
  ];
}
