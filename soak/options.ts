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
      case '--duration':
        options.durationSeconds = whole(flag, value(), 5, 3600);
        break;
      case '--clients':
        options.clients = whole(flag, value(), 6, 64);
        break;
      case '--max-requests':
        options.maxRequests = whole(flag, value(), 100, 5_000_000);
        break;
      case '--workers':
        options.workers = whole(flag, value(), 1, 4);
        break;
      case '--max-rss-mb':
        options.maxRssMb = whole(flag, value(), 64, 16_384);
        break;
      case '--learners':
        options.learners = whole(flag, value(), 200, 100_000);
        break;
      case '--keep':
        options.keep = true;
        break;
      case '--help':
        throw new UsageError('');
      default:
        throw new UsageError(`unknown flag ${flag}`);
    }
  }
  return options;
}
