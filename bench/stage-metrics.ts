// The front door's stages as the server itself reports them: the histogram of seconds per stage
// (labels surface and stage) in the gateway's /metrics, read before and after a load run. The mean
// of a stage over the run is the growth of its _sum over the growth of its _count.

/** The histogram's name ends so, whatever the registry's prefix. */
const STAGE_HISTOGRAM = /^(?:\w+_)?soap_stage_seconds$/;

export interface StageTotal {
  surface: string;
  stage: string;
  sumSeconds: number;
  count: number;
}

/**
 * The stage histogram's running totals in a Prometheus text exposition, keyed by surface and stage;
 * undefined when the exposition declares no such histogram (a build that does not report stages).
 */
export function stageTotals(exposition: string): Map<string, StageTotal> | undefined {
  let declared = false;
  const totals = new Map<string, StageTotal>();
  for (const line of exposition.split('\n')) {
    const type = /^# TYPE (\S+) histogram$/.exec(line);
    if (type && STAGE_HISTOGRAM.test(type[1])) declared = true;
    const sample = /^([A-Za-z_:][\w:]*)_(sum|count)(?:\{(.*)\})? (\S+)/.exec(line);
    if (!sample || !STAGE_HISTOGRAM.test(sample[1])) continue;
    const labels = labelsOf(sample[3] ?? '');
    const key = `${labels.surface ?? ''}\u0000${labels.stage ?? ''}`;
    const total = totals.get(key) ?? { surface: labels.surface ?? '', stage: labels.stage ?? '', sumSeconds: 0, count: 0 };
    if (sample[2] === 'sum') total.sumSeconds = Number(sample[4]);
    else total.count = Number(sample[4]);
    totals.set(key, total);
  }
  return declared || totals.size > 0 ? totals : undefined;
}

function labelsOf(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [, name, value] of text.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
    labels[name] = value.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
  }
  return labels;
}

/**
 * Mean microseconds per stage over a run, from the totals before and after it. Only the series that
 * grew count: the run is of one surface, so that is its surface's, whatever the label value says.
 */
export function stageMicros(before: Map<string, StageTotal>, after: Map<string, StageTotal>): Map<string, number> {
  const sums = new Map<string, { seconds: number; count: number }>();
  for (const [key, end] of after) {
    const start = before.get(key) ?? { sumSeconds: 0, count: 0 };
    const count = end.count - start.count;
    if (count <= 0) continue;
    const stage = sums.get(end.stage) ?? { seconds: 0, count: 0 };
    stage.seconds += end.sumSeconds - start.sumSeconds;
    stage.count += count;
    sums.set(end.stage, stage);
  }
  return new Map([...sums].map(([stage, s]) => [stage, (s.seconds / s.count) * 1e6]));
}
