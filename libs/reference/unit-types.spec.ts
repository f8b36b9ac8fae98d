import {
  communeUnitTypeFromName,
  parseCommuneUnitType,
  parseProvincePlaceType,
  provincePlaceTypeFromName,
} from './unit-types';

describe('communeUnitTypeFromName', () => {
  it.each([
    ['Xã Ba Chẽ', 'xa'],
    ['Phường Hoàn Kiếm', 'phuong'],
    ['Đặc khu Côn Đảo', 'dac_khu'],
    ['phường  Bình Thạnh', 'phuong'],
    ['Xã Nậm Nèn'.normalize('NFD'), 'xa'],
    ['Đặc khu Phú Quốc'.normalize('NFD'), 'dac_khu'],
  ])('%s → %s', (name, type) => {
    expect(communeUnitTypeFromName(name)).toBe(type);
  });

  it('needs the exact prefix, diacritics included', () => {
    expect(communeUnitTypeFromName('Xá Lợi')).toBeNull();
    expect(communeUnitTypeFromName('Phuong Hoan Kiem')).toBeNull();
    expect(communeUnitTypeFromName('Thị trấn Ba Chẽ')).toBeNull();
    expect(communeUnitTypeFromName('Xã')).toBeNull();
    expect(communeUnitTypeFromName('Xãhội')).toBeNull();
  });
});

describe('parseCommuneUnitType', () => {
  it.each([
    ['xa', 'xa'],
    ['Xã', 'xa'],
    ['PHƯỜNG', 'phuong'],
    ['dac_khu', 'dac_khu'],
    ['Đặc khu', 'dac_khu'],
    ['dac-khu', 'dac_khu'],
  ])('%s → %s', (value, type) => {
    expect(parseCommuneUnitType(value)).toBe(type);
  });

  it('refuses other words', () => {
    expect(parseCommuneUnitType('thi tran')).toBeNull();
    expect(parseCommuneUnitType('')).toBeNull();
  });
});

describe('province place types', () => {
  it('reads labels and codes', () => {
    expect(parseProvincePlaceType('Thành phố Trung Ương')).toBe('Thành phố Trung Ương');
    expect(parseProvincePlaceType('thanh pho truc thuoc trung uong')).toBe('Thành phố Trung Ương');
    expect(parseProvincePlaceType('tinh')).toBe('Tỉnh');
    expect(parseProvincePlaceType('Tỉnh')).toBe('Tỉnh');
    expect(parseProvincePlaceType('huyện')).toBeNull();
  });

  it('derives the type from a "Thành phố" name prefix', () => {
    expect(provincePlaceTypeFromName('Thành phố Đồng Nai')).toBe('Thành phố Trung Ương');
    expect(provincePlaceTypeFromName('Đồng Nai')).toBe('Tỉnh');
  });
});
