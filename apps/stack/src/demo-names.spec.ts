import { inventedNames, RESERVED_NAMES } from './demo-names';

describe('inventedNames', () => {
  it('is deterministic, offsets continue the same sequence, and no name repeats', () => {
    const first = inventedNames(200);
    expect(inventedNames(200)).toEqual(first);
    expect(inventedNames(20, 34)).toEqual(first.slice(34, 54));
    expect(new Set(first).size).toBe(200);
  });

  it('gives three-part Vietnamese names whose middle name fits the given name', () => {
    const names = inventedNames(200);
    for (const name of names) expect(name).toMatch(/^\p{Lu}\p{Ll}* \p{Lu}\p{Ll}* \p{Lu}\p{Ll}*$/u);
    expect(names.filter((name) => / Thị (Bình|Dũng|Hùng|Long|Nam|Sơn|Tuấn)$/.test(name))).toEqual([]);
    expect(names.filter((name) => / Văn (Hoa|Lan|Linh|Mai|Nga|Thảo|Trang|Yến)$/.test(name))).toEqual([]);
  });

  it('never produces a reserved name, and refuses to run out', () => {
    expect(inventedNames(1000).filter((name) => RESERVED_NAMES.has(name))).toEqual([]);
    expect(() => inventedNames(1001)).toThrow(RangeError);
  });
});
