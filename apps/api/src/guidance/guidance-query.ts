import { foldVietnamese } from '@libs/reference/folding';

/**
 * Turns what a person typed into a PostgreSQL tsquery on the `vn_unaccent` configuration: folded (no diacritics,
 * lower case, đ → d), common function words dropped, domain synonyms added, terms OR-ed so that the ranking —
 * not an all-words rule — decides what comes first.
 */

/** Syllables too common in administrative Vietnamese to tell questions apart. */
const STOP_WORDS = new Set(
  (
    'va cua cac co khong la thi duoc cho voi trong khi nao nhu the nay do de ve tai theo tu den mot nhung ' +
    'bi da dang se can phai hay hoac neu vay gi ai sao bao nhieu xin hoi hien nay viec nguoi'
  ).split(' '),
);

/**
 * Words officials use for the same thing (folded). A query containing any phrase of a group also searches the
 * others. Kept short and domain-specific on purpose.
 */
export const DOMAIN_SYNONYMS: string[][] = [
  ['uy ban nhan dan', 'ubnd'],
  ['hoi dong nhan dan', 'hdnd'],
  ['bao hiem xa hoi', 'bhxh'],
  ['bao hiem that nghiep', 'bhtn'],
  ['doi du', 'du thua', 'thua'],
  ['sap xep', 'sap nhap', 'hop nhat', 'sau sap xep'],
  ['bo tri', 'phan cong', 'xep'],
  ['nghi huu', 'huu tri', 've huu'],
  ['thoi viec', 'nghi viec', 'cham dut hop dong'],
  ['tinh gian bien che', 'tinh gian', 'giam bien che'],
  ['phu cap', 'tro cap'],
  ['con dau', 'dau'],
  ['tham quyen', 'quyen han', 'co quan nao'],
  ['luong', 'tien luong'],
  ['can bo', 'cong chuc', 'vien chuc'],
  ['chu tich', 'lanh dao'],
  ['thi dua', 'khen thuong'],
  ['luu tru', 'ho so', 'tai lieu'],
  ['nguoi co cong', 'thuong binh', 'liet si'],
  ['dia gioi', 'ranh gioi'],
  ['thanh lap', 'thanh lap moi'],
  ['giai the', 'cham dut hoat dong'],
  ['quy tu thien', 'quy xa hoi'],
  ['thanh nien', 'doan vien'],
  ['binh dang gioi', 'phu nu'],
  ['tuyen dung', 'thi tuyen', 'xet tuyen'],
  ['danh gia', 'xep loai'],
  ['ky luat', 'xu ly vi pham'],
  ['hop dong lao dong', 'hop dong'],
  ['tru so', 'dia diem lam viec'],
];

const WORD = /[a-z0-9]+/g;

export interface PreparedQuery {
  /** The folded text as typed (for trigram similarity). */
  folded: string;
  /** A tsquery text, e.g. `bo | tri | cong | chuc`; null when nothing searchable is left. */
  tsquery: string | null;
  words: string[];
}

export function prepareQuery(text: string): PreparedQuery {
  const folded = foldVietnamese(text).slice(0, 500);
  const words = (folded.match(WORD) ?? []).filter((word) => !STOP_WORDS.has(word));
  const padded = ` ${(folded.match(WORD) ?? []).join(' ')} `;
  const terms = new Set(words);
  for (const group of DOMAIN_SYNONYMS) {
    if (!group.some((phrase) => padded.includes(` ${phrase} `))) continue;
    for (const phrase of group) for (const word of phrase.split(' ')) if (!STOP_WORDS.has(word)) terms.add(word);
  }
  const list = [...terms].slice(0, 64);
  return { folded, tsquery: list.length > 0 ? list.join(' | ') : null, words };
}
