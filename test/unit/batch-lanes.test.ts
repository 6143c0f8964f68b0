import { laneOf, lanesFor, masterOf, needsLinks } from '../../src/batches/batch-lanes';
import type { BatchRow } from '../../src/batches/formats/batch-row';

const achievement = (rowNumber: number, uln: string): BatchRow => ({ rowNumber, fields: { Uln: uln } });

describe('the lanes of a batch job', () => {
  const links = new Map([
    ['4444599390', '6936002314'],
    ['1111111111', '4444599390'],
  ]);

  test('a linked ULN leads to its master, along a chain of links', () => {
    expect(masterOf('4444599390', links)).toBe('6936002314');
    expect(masterOf('1111111111', links)).toBe('6936002314');
    expect(masterOf('6936002314', links)).toBe('6936002314');
  });

  test('a chain of links that loops ends instead of running for ever', () => {
    expect(['1', '2']).toContain(
      masterOf(
        '1',
        new Map([
          ['1', '2'],
          ['2', '1'],
        ]),
      ),
    );
  });

  test("every achievement row about one learner is in one lane, whichever of the learner's ULNs it names", () => {
    const place = laneOf('ACHIEVEMENT', 4, links);
    const lane = place(achievement(1, '6936002314'));
    expect(place(achievement(900, '6936002314'))).toBe(lane);
    expect(place(achievement(2, '4444599390'))).toBe(lane);
    expect(place(achievement(3, ' 1111111111 '))).toBe(lane);
  });

  test('achievement rows of many learners spread over every lane, about evenly', () => {
    const place = laneOf('ACHIEVEMENT', 4, new Map());
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) counts[place(achievement(i + 1, String(3_000_000_000 + i * 7)))]++;
    for (const n of counts) expect(n).toBeGreaterThan(800);
  });

  test('verification rows are dealt to the lanes by row number; a job of one lane keeps every row in it', () => {
    const verify = laneOf('VERIFY_LEARNER', 3, new Map());
    expect([1, 2, 3, 4].map((n) => verify({ rowNumber: n, fields: {} }))).toEqual([0, 1, 2, 0]);
    expect(laneOf('ACHIEVEMENT', 1, links)(achievement(5, '6936002314'))).toBe(0);
  });

  test('learner registration jobs have one lane; only achievement jobs of several lanes need the links', () => {
    expect(lanesFor('LEARNER_REGISTRATION', 8)).toBe(1);
    expect(lanesFor('ACHIEVEMENT', 8)).toBe(8);
    expect([needsLinks('ACHIEVEMENT', 4), needsLinks('ACHIEVEMENT', 1), needsLinks('VERIFY_LEARNER', 4)]).toEqual([
      true,
      false,
      false,
    ]);
  });
});
