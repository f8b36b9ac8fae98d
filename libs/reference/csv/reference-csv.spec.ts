import { parseCivilDate, parseCommunesCsv, parseProvincesCsv, ReferenceCsvError, type CsvIssue } from './reference-csv';

function issuesOf(parse: () => unknown): CsvIssue[] {
  try {
    parse();
  } catch (error) {
    if (error instanceof ReferenceCsvError) return error.issues;
    throw error;
  }
  throw new Error('expected a ReferenceCsvError');
}

describe('parseCommunesCsv', () => {
  it('reads code,name,province_code and derives the unit type from the name', () => {
    const rows = parseCommunesCsv(
      '\ufeffcode,name,province_code\r\n26732,Đặc khu Côn Đảo,79\r\n00004,Phường Ba Đình,01\r\n',
    );
    expect(rows).toEqual([
      { line: 2, code: '26732', name: 'Đặc khu Côn Đảo', provinceCode: '79', unitType: 'dac_khu', validFrom: null },
      { line: 3, code: '00004', name: 'Phường Ba Đình', provinceCode: '01', unitType: 'phuong', validFrom: null },
    ]);
  });

  it('takes columns in any order, with optional unit_type and valid_from (ISO or DD/MM/YYYY)', () => {
    const rows = parseCommunesCsv(
      'province_code,valid_from,unit_type,code,name\n75,30/04/2026,phuong,26041,"Phường Tân Phong"\n75,2026-04-30,,26044,Phường Long Hưng\n',
    );
    expect(rows.map((row) => [row.code, row.unitType, row.validFrom])).toEqual([
      ['26041', 'phuong', '2026-04-30'],
      ['26044', 'phuong', '2026-04-30'],
    ]);
  });

  it('stores names NFC with single spaces', () => {
    const decomposed = '  Xã   Ba Chẽ '.normalize('NFD');
    const [row] = parseCommunesCsv(`code,name,province_code\n06970,"${decomposed}",22\n`);
    expect(row.name).toBe('Xã Ba Chẽ'.normalize('NFC'));
    expect(row.name).toHaveLength(9);
  });

  it('accepts a unit type without a name prefix', () => {
    const [row] = parseCommunesCsv('code,name,province_code,unit_type\n99999,Bạch Long Vĩ,31,Đặc khu\n');
    expect(row.unitType).toBe('dac_khu');
  });

  it('names the line and column of each bad value and reports them all at once', () => {
    const issues = issuesOf(() =>
      parseCommunesCsv(
        [
          'code,name,province_code,unit_type',
          '6970,Xã Ba Chẽ,22,',
          '23737,,52,',
          '26041,Xã Tân Phong,75,phuong',
          '26044,Long Hưng,75,',
          '26047,Phường Phước Tân,7A,huyen',
          '26041,Phường Tân Phong,75,',
        ].join('\n'),
      ),
    );
    expect(issues).toEqual([
      {
        line: 2,
        column: 1,
        columnName: 'code',
        message:
          '"6970" is not a 5-digit code; leading zeros were probably lost by a spreadsheet: write 06970 and keep the column as text',
      },
      { line: 3, column: 2, columnName: 'name', message: 'is empty' },
      expect.objectContaining({
        line: 4,
        column: 4,
        columnName: 'unit_type',
        message: expect.stringContaining('contradicts the name "Xã Tân Phong"'),
      }),
      expect.objectContaining({
        line: 5,
        column: 2,
        columnName: 'name',
        message: expect.stringContaining('cannot tell the unit type'),
      }),
      { line: 6, column: 3, columnName: 'province_code', message: '"7A" is not a 2-digit code' },
      {
        line: 6,
        column: 4,
        columnName: 'unit_type',
        message: 'unknown unit type "huyen"; write xa, phuong or dac_khu',
      },
      { line: 7, column: 1, columnName: 'code', message: 'code 26041 already appears on line 4' },
    ]);
  });

  it('says in the message that nothing was imported and where the problems are', () => {
    expect(() => parseCommunesCsv('code,name,province_code\n06970,Xã Ba Chẽ,2\n')).toThrow(
      'The communes CSV was not imported (nothing changed); 1 problem:\n  - line 2, column 3 (province_code): "2" is not a 2-digit code; leading zeros were probably lost',
    );
  });

  it('rejects bad dates, including impossible ones', () => {
    const issues = issuesOf(() =>
      parseCommunesCsv(
        'code,name,province_code,valid_from\n06970,Xã Ba Chẽ,22,31/02/2026\n23737,Xã Ia Mơ,52,next week\n',
      ),
    );
    expect(issues.map((issue) => [issue.line, issue.columnName])).toEqual([
      [2, 'valid_from'],
      [3, 'valid_from'],
    ]);
  });

  it('checks the header: unknown, repeated and missing columns', () => {
    expect(issuesOf(() => parseCommunesCsv('code,ten,province_code,code\n06970,x,22,1\n'))).toEqual([
      {
        line: 1,
        column: 2,
        columnName: 'ten',
        message: 'unknown column "ten"; the header must be code,name,province_code[,unit_type][,valid_from]',
      },
      { line: 1, column: 4, columnName: 'code', message: 'column "code" appears twice' },
      {
        line: 1,
        message: 'missing column(s) name; the header must be code,name,province_code[,unit_type][,valid_from]',
      },
    ]);
  });

  it('reports rows with too few or too many fields once, by line', () => {
    const issues = issuesOf(() =>
      parseCommunesCsv(
        'code,name,province_code\n06970,Xã Ba Chẽ\n23737,Xã Ia Mơ,52,Gia Lai\n00004,Phường Ba Đình,01,\n',
      ),
    );
    expect(issues).toEqual([
      { line: 2, message: 'expected 3 fields (code,name,province_code), found 2' },
      {
        line: 3,
        column: 4,
        message:
          'expected 3 fields (code,name,province_code), found 4; put a value containing a comma in double quotes',
      },
    ]);
  });

  it('turns CSV syntax errors into the same error type, with line and column', () => {
    expect(issuesOf(() => parseCommunesCsv('code,name,province_code\n06970,"Xã Ba Chẽ,22\n'))).toEqual([
      {
        line: 2,
        column: 2,
        message: 'the quoted field opened here is never closed (missing closing double quote)',
      },
    ]);
  });

  it('refuses an empty file and a header without rows', () => {
    expect(issuesOf(() => parseCommunesCsv(''))[0].message).toMatch(/^the file is empty/);
    expect(issuesOf(() => parseCommunesCsv('code,name,province_code\r\n'))).toEqual([
      { line: 2, message: 'no data rows after the header' },
    ]);
  });

  it('lists at most 20 problems in the message', () => {
    const lines = ['code,name,province_code', ...Array.from({ length: 25 }, () => 'x,Xã A,01')];
    expect(() => parseCommunesCsv(lines.join('\n'))).toThrow(/25 problems:[\s\S]*… and 5 more$/);
  });
});

describe('parseProvincesCsv', () => {
  it('reads code,name and derives the place type from the name', () => {
    expect(parseProvincesCsv('code,name\n75,Thành phố Đồng Nai\n22,Quảng Ninh\n')).toEqual([
      {
        line: 2,
        code: '75',
        name: 'Thành phố Đồng Nai',
        shortName: 'Thành phố Đồng Nai',
        placeType: 'Thành phố Trung Ương',
        validFrom: null,
      },
      { line: 3, code: '22', name: 'Quảng Ninh', shortName: 'Quảng Ninh', placeType: 'Tỉnh', validFrom: null },
    ]);
  });

  it('accepts an explicit place type and short name', () => {
    const [row] = parseProvincesCsv(
      'code,name,place_type,short_name\n75,Thành phố Đồng Nai,thanh pho trung uong,Đồng Nai\n',
    );
    expect(row).toMatchObject({ placeType: 'Thành phố Trung Ương', shortName: 'Đồng Nai' });
  });

  it('reports a bad place type and code', () => {
    expect(issuesOf(() => parseProvincesCsv('code,name,place_type\n075,Đồng Nai,Huyện\n'))).toEqual([
      { line: 2, column: 1, columnName: 'code', message: '"075" is not a 2-digit code' },
      {
        line: 2,
        column: 3,
        columnName: 'place_type',
        message: 'unknown place type "Huyện"; write "Thành phố Trung Ương" or "Tỉnh"',
      },
    ]);
  });
});

describe('parseCivilDate', () => {
  it.each([
    ['2026-04-30', '2026-04-30'],
    ['30/04/2026', '2026-04-30'],
    ['1/7/2025', '2025-07-01'],
    ['29/02/2028', '2028-02-29'],
  ])('%s → %s', (value, expected) => {
    expect(parseCivilDate(value)).toBe(expected);
  });

  it.each(['2026-02-30', '29/02/2026', '2026/04/30', '30-04-2026', ''])('refuses %p', (value) => {
    expect(parseCivilDate(value)).toBeNull();
  });
});
