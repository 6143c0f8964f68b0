import type { Logger } from './logger';

export interface ShutdownOptions {
  logger: Logger;
  /** How long the clean stop may take before the process is forced out (SHUTDOWN_DEADLINE_MS). */
  deadlineMs: number;
  /** Everything a clean stop does, in order; the process exits 0 when it resolves. */
  stop(): Promise<void>;
  /** The last resort when the deadline passes, before exiting non-zero (e.g. cut open connections). */
  force?(): void;
  exit?(code: number): void;
}

/**
 * SIGTERM (an orchestrator stopping the container) and SIGINT (Ctrl-C) start one clean stop.
 * A second signal does not cut it short: the deadline does, and then the exit code is non-zero
 * so that the orchestrator and the operator can tell a forced stop from a clean one.
 */
export function stopOnSignals(options: ShutdownOptions): void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  const begin = (signal: NodeJS.Signals) => {
    if (stopping) {
      options.logger.warn('already shutting down', { signal });
      return;
    }
    stopping = true;
    const started = Date.now();
    options.logger.info('shutting down', { signal, deadlineMs: options.deadlineMs });
    const deadline = setTimeout(() => {
      options.logger.error('shutdown deadline passed: forcing the exit', { deadlineMs: options.deadlineMs });
      options.force?.();
      exit(1);
    }, options.deadlineMs);
    options.stop().then(
      () => {
        clearTimeout(deadline);
        options.logger.info('stopped cleanly', { durationMs: Date.now() - started });
        exit(0);
      },
      (error: unknown) => {
        clearTimeout(deadline);
        options.logger.error('shutdown failed', { error: error instanceof Error ? error.message : String(error) });
        exit(1);
      },
    );
  };
  process.on('SIGTERM', begin);
  process.on('SIGINT', begin);
}
