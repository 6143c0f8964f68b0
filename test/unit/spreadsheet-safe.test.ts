import { spreadsheetSafe } from '../../src/platform/csv/spreadsheet-safe';

describe('a cell of a CSV file the service writes', () => {
  test.each([
    ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
    ['=HYPERLINK("http://x.example","a")', '\'=HYPERLINK("http://x.example","a")'],
    ['@SUM(1+9)', "'@SUM(1+9)"],
    ['+1+cmd', "'+1+cmd"],
    ['-2+3', "'-2+3"],
    ['-', "'-"],
    ['+44 20 7946 0000', "'+44 20 7946 0000"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
    ['-12', '-12'],
    ['+44', '+44'],
    ['-1.5', '-1.5'],
    ['MIS-001', 'MIS-001'],
    ["O'Brien", "O'Brien"],
    [' =1', ' =1'],
    ['', ''],
  ])('%p is written %p', (value, written) => {
    expect(spreadsheetSafe(value)).toBe(written);
  });
});
