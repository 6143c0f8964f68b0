#!/usr/bin/env node
import { ConfigError, loadConfig } from '../config';
import { createLogger } from '../platform/logger';
import { stopOnSignals } from '../platform/shutdown';
import { listenForMetrics } from '../platform/metrics/metrics-server';
import { createWorkerProcess } from '../worker-process';

/**
 * `npm run worker`: a batch worker as its own process, sharing the queue with the server's
 * workers through the database (docs/decisions/0036-batches-stored-whole-and-worked-in-chunks.md). It also delivers the mail outbox. SIGTERM or SIGINT
 * stop it after the chunk in hand is committed (within SHUTDOWN_DEADLINE_MS); the job is released
 * for another worker.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = { ...loadConfig(), seedOnStart: false };
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const running = await createWorkerProcess(config, { logger });
  logger.info('batch worker started', { worker: running.worker.id });
  const metricsServer = running.metricsEndpoint
    ? await listenForMetrics(running.metricsEndpoint, logger, config.workerMetricsPort, config.host)
    : undefined;
  // The worker's poll timers are unref'd so that they never keep a gateway or a test alive; this
  // process, though, must live until it is told to stop, even with the queue empty and no socket open.
  const lifeline = setInterval(() => undefined, 1 << 30);
  // The chunk in hand is committed before the process exits; past the deadline it is left to the next worker.
  stopOnSignals({
    logger,
    deadlineMs: config.shutdownDeadlineMs,
    stop: () => {
      clearInterval(lifeline);
      metricsServer?.close();
      return running.close();
    },
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`batch worker failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
