import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import winston from 'winston';
import { createLogger, type Logger } from '../../src/platform/logger';

/** Set by the jest global setup: the directory that collects every log line of the test run. */
export const LOG_DIR_VARIABLE = 'LRS_TEST_LOG_DIR';

/** A winston transport that appends each line at once, so nothing is lost when a jest worker exits. */
export function syncFileTransport(file: string): winston.transport {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, 'a');
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      fs.writeSync(fd, chunk);
      done();
    },
  });
  return new winston.transports.Stream({ stream });
}

let captured: Logger | undefined;

/**
 * The logger of every gateway a test starts: at debug level into this process's file of the
 * run's log directory, which the global teardown searches for personal data and secrets.
 * Without the directory (a test run outside jest's setup) it is silent, as before.
 */
export function testLogger(): Logger {
  const dir = process.env[LOG_DIR_VARIABLE];
  if (!dir) return createLogger('error', true);
  captured ??= createLogger('debug', false, syncFileTransport(path.join(dir, `jest-${process.pid}.jsonl`)));
  return captured;
}

/** Where a spawned process (a worker) writes its stdout: a file of the run's log directory, or nowhere. */
export function childLogFile(name: string): number | 'ignore' {
  const dir = process.env[LOG_DIR_VARIABLE];
  if (!dir) return 'ignore';
  fs.mkdirSync(dir, { recursive: true });
  return fs.openSync(path.join(dir, `${name}-${process.pid}-${Date.now()}.jsonl`), 'a');
}
