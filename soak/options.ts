/** What one `npm run soak` asks for, read from its flags (`npm run soak -- --duration 240`). */
export type SoakDatabase = 'sqlite' | 'mariadb';

export interface SoakOptions {
  databases: SoakDatabase[];
  /** Seconds of mixed traffic per database; in-flight logical operations then finish. */
  durationSeconds: number;
  /** Concurrent client loops. */
  clients: number;
  /** No new operation starts once this many requests were sent (per database). */
  maxRequests: number;
  /** Batch worker processes beside the gateway. */
  workers: number;
  /** Peak VmRSS allowed for the gateway and for each worker process. */
  maxRssMb: number;
  /** Synthetic learners seeded: the pool that achievement keys and verifications draw from. */
  learners: number;
  /** How the gateway and workers are run: built JavaScript (`npm start`), or the TypeScript sources (tests). */
  launch: 'dist' | 'source';
  /** Keep the scratch database and logs after the run. */
  keep: boolean;
}

export const DEFAULTS: SoakOptions = {
  databases: ['sqlite', 'mariadb'],
  durationSeconds: 180,
  clients: 16,
  maxRequests: 150_000,
  workers: 2,
  maxRssMb: 512,
  learners: 5000,
  launch: 'dist',
  keep: false,
};

const USAGE = `npm run soak -- [--database sqlite|mariadb|both] [--duration SECONDS] [--clients N]
                    [--max-requests N] [--workers N] [--max-rss-mb MB] [--learners N] [--keep]`;

export class UsageError extends Error {
  constructor(problem: string) {
    super(`${problem}\nusage: ${USAGE}`);
  }
}

type NumericOption = 'durationSeconds' | 'clients' | 'maxRequests' | 'workers' | 'maxRssMb' | 'learners';

/** The numeric flags: the option each sets and its range. Six clients give one of each kind. */
const NUMERIC_FLAGS: Record<string, [NumericOption, number, number]> = {
  '--duration': ['durationSeconds', 5, 3600],
  '--clients': ['clients', 6, 64],
  '--max-requests': ['maxRequests', 100, 5_000_000],
  '--workers': ['workers', 1, 4],
  '--max-rss-mb': ['maxRssMb', 64, 16_384],
  '--learners': ['learners', 200, 100_000],
};

function whole(flag: string, raw: string | undefined, min: number, max: number): number {
  if (raw === undefined || !/^\d+$/.test(raw)) throw new UsageError(`${flag} needs a whole number`);
  const value = Number(raw);
  if (value < min || value > max) throw new UsageError(`${flag} must be between ${min} and ${max}`);
  return value;
}

export function parseSoakArgs(argv: readonly string[]): SoakOptions {
  const options: SoakOptions = { ...DEFAULTS };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => argv[++i];
    switch (flag) {
      case '--database': {
        const which = value();
        if (which === 'both') options.databases = ['sqlite', 'mariadb'];
        else if (which === 'sqlite' || which === 'mariadb') options.databases = [which];
        else throw new UsageError('--database must be sqlite, mariadb or both');
        break;
      }
      case '--keep':
        options.keep = true;
        break;
      case '--help':
        throw new UsageError('');
      default: {
        const numeric = NUMERIC_FLAGS[flag];
        if (!numeric) throw new UsageError(`unknown flag ${flag}`);
        const [option, min, max] = numeric;
        options[option] = whole(flag, value(), min, max);
      }
    }
  }
  return options;
}
