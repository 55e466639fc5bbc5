import { describe, expect, it } from 'vitest';
import { csvFilename } from './csv-filename.js';
import { toCsv } from './to-csv.js';

describe('toCsv', () => {
  it('writes a header and rows with CRLF line ends, empty cells for null and undefined', () => {
    expect(toCsv(['key', 'count', 'headline'], [['checkout', 12, 87.5], ['support.chat', 0, null], ['x', undefined, -12.5]])).toBe(
      'key,count,headline\r\ncheckout,12,87.5\r\nsupport.chat,0,\r\nx,,-12.5\r\n',
    );
  });

  it('quotes cells holding a comma, a quote or a line break, doubling the quotes', () => {
    expect(toCsv(['comment'], [['Fast, friendly'], ['He said "no"'], ['two\nlines'], ['cr\rhere'], ['plain']])).toBe(
      'comment\r\n"Fast, friendly"\r\n"He said ""no"""\r\n"two\nlines"\r\n"cr\rhere"\r\nplain\r\n',
    );
  });

  it('defuses text a spreadsheet would run as a formula, but not negative numbers', () => {
    expect(toCsv(['a', 'b'], [['=HYPERLINK("http://x","y")', -3], ['+1', '@SUM(A1)'], ['-2', 'ok']])).toBe(
      'a,b\r\n"\'=HYPERLINK(""http://x"",""y"")",-3\r\n\'+1,\'@SUM(A1)\r\n\'-2,ok\r\n',
    );
  });

  it('writes nothing for a number that is not finite', () => {
    expect(toCsv(['n'], [[Number.NaN], [Infinity]])).toBe('n\r\n\r\n\r\n');
  });
});

describe('csvFilename', () => {
  it('names the site, what, how grouped and the range', () => {
    expect(csvFilename('shop', 'csat', 'touchpoint', '2026-11-01', '2026-11-30')).toBe('feedloop-shop-csat-touchpoint-2026-11-01-2026-11-30.csv');
  });

  it('keeps only safe characters', () => {
    expect(csvFilename('a/b', 'c d', '../x')).toBe('feedloop-a_b-c_d-.._x.csv');
  });
});
