import { Writable } from 'node:stream';
import { progressBar, rowRate } from '../../src/cli/progress';

/** A stream that says whether it is a terminal and keeps what is written to it. */
function stream(isTTY: boolean) {
  let text = '';
  const writable = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  }) as Writable & Record<string, unknown>;
  Object.assign(writable, { isTTY, columns: 120, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
  return { writable: writable as unknown as NodeJS.WriteStream, text: () => text };
}

describe('the progress bar of the batch and import commands', () => {
  test('on a terminal it shows the share done, the rows, rows per second and the time left', () => {
    const out = stream(true);
    const bar = progressBar('job 7', out.writable);
    bar.update({ done: 0, total: 1000, rows: 0, status: 'IN_PROGRESS' });
    bar.update({ done: 500, total: 1000, rows: 500, status: 'IN_PROGRESS' });
    bar.stop();
    expect(out.text()).toMatch(/job 7 \[.*\] 50% \| 500 rows \| \d+ rows\/s \| ETA \S+ \| IN_PROGRESS/);
  });

  test('into a pipe or a file it writes nothing, so what a script reads holds no control characters', () => {
    const out = stream(false);
    const bar = progressBar('job 7', out.writable);
    bar.update({ done: 10, total: 100, rows: 10 });
    bar.stop();
    expect(out.text()).toBe('');
  });

  test.each([
    [
      'no rows moved yet',
      [
        [0, 0],
        [5000, 0],
      ],
      0,
    ],
    [
      'the time queued does not count, only from the first rows',
      [
        [0, 0],
        [10_000, 0],
        [12_000, 1000],
      ],
      500,
    ],
    [
      'steady progress',
      [
        [0, 100],
        [1000, 1100],
        [2000, 2100],
      ],
      1000,
    ],
  ])('rows per second: %s', (_case, samples, expected) => {
    let clock = 0;
    const rate = rowRate(() => clock);
    let last = -1;
    for (const [at, rows] of samples) {
      clock = at;
      last = rate(rows);
    }
    expect(last).toBe(expected);
  });
});
