import fs from 'node:fs';
import path from 'node:path';
import { LOG_DIR_VARIABLE } from './log-capture';
import { findForbidden, forbiddenInLogs, type LogHit } from './log-needles';

/**
 * Jest global teardown: searches the logs of the whole run (every gateway the tests started,
 * at debug level, and every worker process they spawned) for the seeded learners'
 * demographics and for any password, web-services password or secret answer. A hit fails the run.
 */
export default function teardown(): void {
  const dir = process.env[LOG_DIR_VARIABLE];
  if (!dir || !fs.existsSync(dir)) return;
  const forbidden = forbiddenInLogs();
  const hits: LogHit[] = [];
  let lines = 0;
  for (const name of fs.readdirSync(dir)) {
    const text = fs.readFileSync(path.join(dir, name), 'utf8');
    lines += text.split('\n').length - 1;
    hits.push(...findForbidden(name, text, forbidden));
  }
  if (hits.length > 0) {
    const shown = hits.slice(0, 20).map((hit) => `  ${path.join(dir, hit.file)}:${hit.line} holds "${hit.found}"`);
    throw new Error(`The test run's logs hold personal data or secrets (${hits.length} places):\n${shown.join('\n')}`);
  }
  process.stdout.write(
    `\nLog check: ${lines} log lines of this run hold none of ${forbidden.length} personal values and secrets.\n`,
  );
  fs.rmSync(dir, { recursive: true, force: true });
}
