/** One scrape of a /metrics page, read the way Prometheus reads it. */
export interface Scrape {
  text: string;
  /** The value of the series with exactly these labels (0 when the series is absent). */
  value(name: string, labels?: Record<string, string>): number;
}

export async function scrape(baseUrl: string, headers: Record<string, string> = {}): Promise<Scrape> {
  const response = await fetch(`${baseUrl}/metrics`, { headers });
  if (response.status !== 200) throw new Error(`/metrics answered ${response.status}: ${await response.text()}`);
  return parseExposition(await response.text());
}

export function parseExposition(text: string): Scrape {
  const series = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not an exposition line: ${line}`);
    const labels = [...(match[3] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, k, v]) => `${k}=${v}`).sort();
    series.set(`${match[1]}{${labels.join(',')}}`, Number(match[4]));
  }
  return {
    text,
    value(name, labels = {}) {
      const key = Object.entries(labels)
        .map(([k, v]) => `${k}=${v}`)
        .sort()
        .join(',');
      return series.get(`${name}{${key}}`) ?? 0;
    },
  };
}
