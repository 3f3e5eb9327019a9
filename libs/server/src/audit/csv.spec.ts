import { csvCell, csvRow } from './csv';

describe('csv', () => {
  it('quotes separators, quotes and newlines', () => {
    expect(csvRow(['a', 'b,c', 'say "hi"', 'line\nbreak', null, 3])).toBe('a,"b,c","say ""hi""","line\nbreak",,3\r\n');
  });

  it('defuses values a spreadsheet would run as formulas', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
  });

  it('writes objects as JSON', () => {
    expect(csvCell({ role: { before: 'a', after: 'b' } })).toBe('"{""role"":{""before"":""a"",""after"":""b""}}"');
  });
});
