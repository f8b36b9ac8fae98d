/**
 * Invented Vietnamese names for demo accounts, built deterministically from common family, middle and given names
 * (middle and given names chosen to match, alternating between men's and women's names). They name nobody in
 * particular; combinations that belong to well-known public figures are skipped.
 */
const words = (text: string): string[] => text.trim().split(/\s+/);
const FAMILY_NAMES = words('Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Trịnh Mai Tạ');
const NAME_SETS = [
  {
    middle: words('Văn Hữu Đức Quốc Minh Thanh Xuân Gia Bảo Hải Anh'),
    given: words('Bình Dũng Hiếu Hùng Khoa Long Nam Phong Phúc Quân Sơn Trung Tuấn Việt Thịnh Khải Duy Lộc Khang'),
  },
  {
    middle: words('Thị Ngọc Thu Hoài Khánh Phương Diệu Thanh Minh Bảo Mỹ'),
    given: words('Châu Giang Hà Hạnh Hoa Lan Linh Mai Nga Quyên Tâm Thảo Trang Uyên Yến Vy Ngân Nhung An'),
  },
] as const;

/** Names of office holders and other public figures that a generated name must never equal. */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([
  'Phạm Minh Chính',
  'Phạm Thị Thanh Trà',
  'Nguyễn Phú Trọng',
  'Nguyễn Xuân Phúc',
  'Võ Văn Thưởng',
  'Trần Thanh Mẫn',
  'Vương Đình Huệ',
  'Lương Cường',
  'Tô Lâm',
  'Trần Đại Quang',
  'Nguyễn Tấn Dũng',
  'Nguyễn Thị Kim Ngân',
  'Nguyễn Minh Triết',
  'Trương Tấn Sang',
]);

/**
 * The `count` names starting at `offset` in a fixed sequence: no two equal, none reserved. Each list is walked with
 * a step coprime with its length, so the sequence covers many combinations before it repeats.
 */
export function inventedNames(count: number, offset = 0): string[] {
  const limit = 1000;
  if (offset + count > limit) throw new RangeError(`at most ${limit} invented names`);
  const names: string[] = [];
  const seen = new Set<string>();
  for (let index = 0; names.length < offset + count; index += 1) {
    const set = NAME_SETS[index % 2];
    const turn = Math.floor(index / 2);
    const family = FAMILY_NAMES[(index * 7) % FAMILY_NAMES.length];
    const middle = set.middle[(turn * 5 + 3) % set.middle.length];
    const given = set.given[(turn * 7 + 2) % set.given.length];
    const name = `${family} ${middle} ${given}`;
    if (seen.has(name) || RESERVED_NAMES.has(name)) continue;
    seen.add(name);
    names.push(name);
  }
  return names.slice(offset);
}
