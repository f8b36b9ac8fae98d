import { csvIssueField, parseDeploymentCsv } from './deployment-csv';

const HEADER = 'decision_number,username,display_name,home_unit_code,province_code,period_start,period_end';

describe('parseDeploymentCsv', () => {
  it('reads rows in any column order, normalising usernames, names (NFC) and dates', () => {
    const decomposed = 'Le\u0302 Thu Ha\u0300';
    const text = [
      '\ufeffPERIOD_END,period_start,province_code,home_unit_code,display_name,username,decision_number',
      `20/10/2025,20/08/2025,01,CCVC,"${decomposed}",Le.Thu.Ha,878/QĐ-BNV`,
      '2025-10-20,2025-09-01,79,CQDP,"Nguyễn Minh Khoa, Jr",nguyen.khoa,878/QĐ-BNV',
    ].join('\r\n');
    const { rows, issues } = parseDeploymentCsv(text);
    expect(issues).toEqual([]);
    expect(rows).toEqual([
      {
        line: 2,
        decisionNumber: '878/QĐ-BNV',
        username: 'le.thu.ha',
        displayName: 'Lê Thu Hà',
        homeUnitCode: 'CCVC',
        provinceCode: '01',
        periodStart: '2025-08-20',
        periodEnd: '2025-10-20',
      },
      expect.objectContaining({ line: 3, displayName: 'Nguyễn Minh Khoa, Jr', periodStart: '2025-09-01' }),
    ]);
  });

  it('reports every problem with its line and column, and returns no rows then', () => {
    const text = [
      HEADER,
      '878/QĐ-BNV,ok.user,Tên,CCVC,01,2025-08-20,2025-10-20',
      ',x,Tên,CCVC,1,2025-02-30,2025-10-20',
      '878/QĐ-BNV,ok.user,Tên,CCVC,01,2025-08-20,2025-10-20',
      '878/QĐ-BNV,b.user,Tên,CCVC,01,2025-10-20,2025-08-20',
      '878/QĐ-BNV,c.user,Tên',
    ].join('\n');
    const { rows, issues } = parseDeploymentCsv(text);
    expect(rows).toEqual([]);
    expect(issues.map((issue) => `${csvIssueField(issue)} ${issue.code}`)).toEqual([
      'line 3, decision_number required',
      'line 3, username invalidUsername',
      'line 3, province_code invalidProvinceCode',
      'line 3, period_start invalidDate',
      'line 4, username duplicateRow',
      'line 5, period_end periodReversed',
      'line 6 fieldCount',
    ]);
    expect(issues[3].vi).toBe(
      'Dòng 3, cột period_start (cột thứ 6): "2025-02-30" không phải ngày hợp lệ (YYYY-MM-DD hoặc DD/MM/YYYY).',
    );
    expect(issues[4].en).toBe(
      'Line 4, column username (column 2): repeats line 2 (same decision, official and province).',
    );
  });

  it('checks the header before anything else', () => {
    const { issues } = parseDeploymentCsv('decision_number,username,username,zone\n878/QĐ-BNV,a,b,c\n');
    expect(issues.map((issue) => `${csvIssueField(issue)} ${issue.code}`)).toEqual([
      'line 1, column 3 duplicateColumn',
      'line 1, column 4 unknownColumn',
      'line 1, display_name missingColumn',
      'line 1, home_unit_code missingColumn',
      'line 1, province_code missingColumn',
      'line 1, period_start missingColumn',
      'line 1, period_end missingColumn',
    ]);
  });

  it('refuses empty files, header-only files and broken quoting', () => {
    expect(parseDeploymentCsv('').issues[0].code).toBe('empty');
    expect(parseDeploymentCsv(`${HEADER}\n\n`).issues[0].code).toBe('noRows');
    const broken = parseDeploymentCsv(`${HEADER}\n878/QĐ-BNV,"unterminated,x\n`).issues[0];
    expect(broken).toMatchObject({ line: 2, position: 2, code: 'csvSyntax' });
  });
});
