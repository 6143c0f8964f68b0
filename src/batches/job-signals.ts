import { EventEmitter } from 'node:events';

/**
 * What happens to jobs within this process: a job submitted (a worker here starts on it at once)
 * and a job's progress (a reader waiting for it answers at once). Other processes learn the same
 * through the database: the queue signal counter and the job's row.
 */
export class JobSignals {
  private readonly events = new EventEmitter().setMaxListeners(0);
  private closed = false;

  submitted(): void {
    this.events.emit('submitted');
  }

  onSubmitted(listener: () => void): void {
    this.events.on('submitted', listener);
  }

  /** A chunk of the job was committed, or the job ended. */
  progressed(jobId: number): void {
    this.events.emit(`job:${jobId}`);
  }

  /** Resolves when the job progresses in this process, after `ms`, or at once when closing. */
  nextProgress(jobId: number, ms: number): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.events.off(`job:${jobId}`, done);
        this.events.off('close', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.events.once(`job:${jobId}`, done);
      this.events.once('close', done);
    });
  }

  /** Lets every waiting reader answer now (the server is stopping). */
  close(): void {
    this.closed = true;
    this.events.emit('close');
  }

  get isClosed(): boolean {
    return this.closed;
  }
}
