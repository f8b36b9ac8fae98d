import { foldVietnamese, normalizeName } from './folding';

describe('foldVietnamese', () => {
  it('removes tone marks and letter diacritics', () => {
    expect(foldVietnamese('Phường Hoàn Kiếm')).toBe('phuong hoan kiem');
    expect(foldVietnamese('Xã Ia Mơ')).toBe('xa ia mo');
    expect(foldVietnamese('Ưu tiên ă â ê ô ơ ư')).toBe('uu tien a a e o o u');
    expect(foldVietnamese('Chính quyền địa phương')).toBe('chinh quyen dia phuong');
  });

  it('turns đ/Đ (and the look-alike Ð/ð) into d', () => {
    expect(foldVietnamese('Đặc khu Côn Đảo')).toBe('dac khu con dao');
    expect(foldVietnamese('đường')).toBe('duong');
    expect(foldVietnamese('ÐỒNG NAI')).toBe('dong nai');
  });

  it('gives the same key for composed (NFC) and decomposed (NFD) input', () => {
    const composed = 'Thành phố Hồ Chí Minh'.normalize('NFC');
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    expect(foldVietnamese(decomposed)).toBe(foldVietnamese(composed));
    expect(foldVietnamese(decomposed)).toBe('thanh pho ho chi minh');
  });

  it('ignores where the tone mark sits (old and new style)', () => {
    expect(foldVietnamese('Khánh Hoà')).toBe(foldVietnamese('Khánh Hòa'));
    expect(foldVietnamese('Thuỷ')).toBe(foldVietnamese('Thủy'));
  });

  it('collapses and trims whitespace, including non-breaking and zero-width characters', () => {
    expect(foldVietnamese('  Phường \t Hoàn\u00a0 Kiếm \n')).toBe('phuong hoan kiem');
    expect(foldVietnamese('Hoàn\u200bKiếm')).toBe('hoankiem');
    expect(foldVietnamese('')).toBe('');
  });

  it('leaves digits and punctuation alone', () => {
    expect(foldVietnamese('Phường 12')).toBe('phuong 12');
    expect(foldVietnamese("Xã Ea H'Leo")).toBe("xa ea h'leo");
  });
});

describe('normalizeName', () => {
  it('stores names composed, with single spaces', () => {
    const decomposed = '  Xã  Nậm Nèn '.normalize('NFD');
    expect(normalizeName(decomposed)).toBe('Xã Nậm Nèn'.normalize('NFC'));
    expect(normalizeName(decomposed)).toHaveLength('Xã Nậm Nèn'.normalize('NFC').length);
  });
});
