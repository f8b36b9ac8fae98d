import { prepareQuery } from './guidance-query';

describe('prepareQuery', () => {
  it('folds diacritics and case, whatever the Unicode form', () => {
    const nfc = prepareQuery('Chính Quyền Địa Phương');
    const nfd = prepareQuery('Chính Quyền Địa Phương'.normalize('NFD'));
    expect(nfc.folded).toBe('chinh quyen dia phuong');
    expect(nfd).toEqual(nfc);
    expect(nfc.tsquery).toBe('chinh | quyen | dia | phuong');
  });

  it('drops function words and adds domain synonyms', () => {
    const query = prepareQuery('Công chức dôi dư của xã sau sáp nhập thì bố trí thế nào?');
    const terms = query.tsquery!.split(' | ');
    expect(terms).not.toContain('cua');
    expect(terms).not.toContain('thi');
    expect(terms).toEqual(expect.arrayContaining(['thua', 'sap', 'xep', 'hop', 'nhat', 'phan', 'cong']));
  });

  it('expands an abbreviation into the full name and back', () => {
    expect(prepareQuery('UBND xã').tsquery!.split(' | ')).toEqual(expect.arrayContaining(['uy', 'ban', 'nhan', 'dan']));
    expect(prepareQuery('hội đồng nhân dân').tsquery!.split(' | ')).toContain('hdnd');
  });

  it('leaves nothing to search in punctuation or function words only', () => {
    expect(prepareQuery('?!… và của').tsquery).toBeNull();
  });
});
