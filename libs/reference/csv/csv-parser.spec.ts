import { CsvSyntaxError, parseCsv } from './csv-parser';

const fields = (text: string) => parseCsv(text).map((record) => record.fields);

describe('parseCsv', () => {
  it('splits plain fields and records', () => {
    expect(fields('code,name\n00004,Phường Ba Đình\n')).toEqual([
      ['code', 'name'],
      ['00004', 'Phường Ba Đình'],
    ]);
  });

  it('accepts CRLF, LF and lone CR line endings, and no final line break', () => {
    expect(fields('a,b\r\n1,2\r\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(fields('a,b\r1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('strips a UTF-8 byte-order mark', () => {
    expect(fields('\ufeffcode,name\n1,x')[0]).toEqual(['code', 'name']);
  });

  it('reads quoted fields with commas, escaped quotes and line breaks', () => {
    const records = parseCsv('code,name\r\n1,"Xã ""Mới"", tỉnh A"\r\n2,"hai\r\ndòng"\r\n3,ba\r\n');
    expect(records.map((record) => record.fields)).toEqual([
      ['code', 'name'],
      ['1', 'Xã "Mới", tỉnh A'],
      ['2', 'hai\r\ndòng'],
      ['3', 'ba'],
    ]);
    // The record after a two-line field starts on line 5.
    expect(records.map((record) => record.line)).toEqual([1, 2, 3, 5]);
  });

  it('keeps empty fields, including an empty quoted field', () => {
    expect(fields('a,,c\n"",x,\n')).toEqual([
      ['a', '', 'c'],
      ['', 'x', ''],
    ]);
  });

  it('skips blank lines but counts them', () => {
    const records = parseCsv('a\n\n\nb\n\n');
    expect(records).toEqual([
      { line: 1, fields: ['a'] },
      { line: 4, fields: ['b'] },
    ]);
  });

  it('returns nothing for an empty file', () => {
    expect(parseCsv('')).toEqual([]);
    expect(parseCsv('\ufeff')).toEqual([]);
  });

  it('reports a quote inside an unquoted field with its line and column', () => {
    expect(() => parseCsv('code,name\n06970,Xã Ba "Chẽ"\n')).toThrow(
      new CsvSyntaxError(
        2,
        2,
        13,
        'a double quote inside an unquoted field; put the whole field in quotes and write the quote as ""',
      ),
    );
  });

  it('reports text after a closing quote', () => {
    try {
      parseCsv('a,b\n"x"y,2\n');
      throw new Error('expected a CsvSyntaxError');
    } catch (error) {
      expect(error).toBeInstanceOf(CsvSyntaxError);
      expect(error).toMatchObject({ line: 2, column: 1, character: 4 });
      expect((error as Error).message).toMatch(
        /^CSV line 2, column 1 \(character 4\): unexpected "y" after the closing quote/,
      );
    }
  });

  it('reports an unterminated quote where it was opened', () => {
    expect(() => parseCsv('a,b\n1,2\n3,"never closed\n4,5\n')).toThrow(
      'CSV line 3, column 2 (character 3): the quoted field opened here is never closed',
    );
  });
});
