import { SingleBar } from 'cli-progress';

/** Where a long command has got to: `done` of `total` (rows or bytes), `rows` for the rate. */
export interface ProgressState {
  done: number;
  total: number | null;
  rows: number;
  status?: string;
}

export interface Progress {
  update(state: ProgressState): void;
  stop(): void;
}

/**
 * A progress bar with rows/s and the time left, on a terminal only: a pipe, a log file or a
 * machine-readable mode gets none (no control characters in what a script reads).
 */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar({
    format: `${label} [{bar}] {percentage}% | {rows} rows | {rate} rows/s | ETA {eta_formatted} | {status}`,
    hideCursor: true,
    stream,
    etaBuffer: 20,
  });
  const rate = rowRate();
  let started = false;
  return {
    update(state) {
      const total = Math.max(state.total ?? state.done + 1, 1);
      const payload = { rows: state.rows, rate: rate(state.rows), status: state.status ?? '' };
      if (!started) bar.start(total, state.done, payload);
      else {
        bar.setTotal(total);
        bar.update(state.done, payload);
      }
      started = true;
    },
    stop: () => started && bar.stop(),
  };
}

/** Rows per second since the rows began to move (time spent waiting in the queue does not count). */
export function rowRate(now: () => number = Date.now): (rows: number) => number {
  let from: { at: number; rows: number } | undefined;
  return (rows) => {
    const at = now();
    if (from === undefined || rows === from.rows) {
      from = { at, rows };
      return 0;
    }
    const seconds = (at - from.at) / 1000;
    return seconds > 0 ? Math.round((rows - from.rows) / seconds) : 0;
  };
}
