import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LOG_DIR_VARIABLE } from './log-capture';

/** Jest global setup: one directory per run for the logs of every test (test/support/log-capture.ts). */
export default function setup(): void {
  if (process.env[LOG_DIR_VARIABLE]) return;
  process.env[LOG_DIR_VARIABLE] = fs.mkdtempSync(path.join(os.tmpdir(), 'lrs-gateway-test-logs-'));
}
