/** Combining marks left by NFD: Vietnamese tone marks, circumflex, breve and horn all live in this block. */
const COMBINING_MARKS = /[\u0300-\u036f]/g;
/** đ/Đ do not decompose; Ð/ð (Icelandic eth) is a frequent look-alike typed for Đ. */
const D_WITH_STROKE = /[đĐðÐ]/g;
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/g;
const WHITESPACE = /\s+/g;

/**
 * Search key for a Vietnamese name: lower case, no diacritics, đ → d, whitespace collapsed.
 * `foldVietnamese('Phường Hoàn Kiếm') === 'phuong hoan kiem'`, whatever the Unicode form of the input (NFC from
 * most keyboards, NFD from some macOS and legacy sources) or the tone-mark placement (hoà / hòa).
 */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(D_WITH_STROKE, 'd')
    .replace(INVISIBLE, '')
    .toLowerCase()
    .replace(WHITESPACE, ' ')
    .trim();
}

/** A name as stored and shown: NFC (one code point per letter), single spaces, trimmed. */
export function normalizeName(text: string): string {
  return text.normalize('NFC').replace(INVISIBLE, '').replace(WHITESPACE, ' ').trim();
}
