// Achievements created per second through the service layer directly (no HTTP, no SOAP),
// with several creations in flight, as concurrent requests would have them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createGateway } from '../src/app';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/platform/logger';
import { AIM_REFERENCE, nthAchievement } from './achievement-requests';

export async function serviceCreatesPerSecond(databaseUrl: string | undefined, seconds: number, inFlight = 16): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lrs-bench-service-'));
  const gateway = await createGateway(
    loadConfig({
      DATABASE_URL: databaseUrl ?? `sqlite:${path.join(dir, 'service.sqlite')}`,
      LOG_LEVEL: 'error',
      SYNTHETIC_LEARNERS: '5000',
    }),
    { logger: createLogger('error', true) },
  );
  try {
    const rows = await gateway.db.query<{ id: number }[]>("SELECT id FROM users WHERE username = 'quentin.quinn'");
    const principal = await gateway.authenticator.authenticateUser('quentin.quinn', {
      kind: 'password',
      password: 'Compat-Test-2026',
    });
    if (rows.length === 0) throw new Error('the compatibility data set is missing');
    const context = { principal, correlationId: 'bench-service', surface: 'batch' as const };
    let next = 0;
    let created = 0;
    const deadline = Date.now() + seconds * 1000;
    const worker = async () => {
      while (Date.now() < deadline) {
        const a = nthAchievement(next++, 1800); // award dates apart from the SOAP run's
        await gateway.achievements.create(
          { learner: a, aimReference: AIM_REFERENCE, awardDate: a.awardDate, grade: 'B' },
          context,
        );
        created++;
      }
    };
    const started = Date.now();
    await Promise.all(Array.from({ length: inFlight }, worker));
    return created / ((Date.now() - started) / 1000);
  } finally {
    await gateway.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
