import {
  generateOneTimePassword,
  hashPassword,
  isValidUsername,
  normalizeUsername,
  verifyAgainstDummyHash,
  verifyPassword,
} from './index';
import { addDays, parseCivilDate, vietnamDate } from './vietnam-dates';

describe('passwords', () => {
  it('hashes with Argon2id and verifies only the right password', async () => {
    const stored = await hashPassword('Mật khẩu có dấu 2025');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await hashPassword('Mật khẩu có dấu 2025')).not.toBe(stored);
    expect(await verifyPassword(stored, 'Mật khẩu có dấu 2025')).toBe(true);
    expect(await verifyPassword(stored, 'mật khẩu có dấu 2025')).toBe(false);
    expect(await verifyPassword('not a hash', 'anything')).toBe(false);
    expect(await verifyAgainstDummyHash('anything')).toBe(false);
  });

  it('makes readable one-time passwords without look-alike characters', () => {
    const passwords = Array.from({ length: 200 }, generateOneTimePassword);
    expect(new Set(passwords).size).toBe(200);
    for (const password of passwords)
      expect(password).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{4}(-[a-km-zA-HJ-NP-Z2-9]{4}){3}$/);
  });
});

describe('usernames', () => {
  it('are case-insensitive and limited to a safe alphabet', () => {
    expect(normalizeUsername('  Nguyen.Van.An ')).toBe('nguyen.van.an');
    for (const good of ['abc', 'ct878.01', 'nguyen_van-an', 'a'.repeat(64)]) expect(isValidUsername(good)).toBe(true);
    for (const bad of ['ab', '.abc', 'abc.', 'nguyễn', 'a b', 'a'.repeat(65), 'Abc'])
      expect(isValidUsername(bad)).toBe(false);
  });
});

describe('Vietnam dates', () => {
  it('takes the calendar day in UTC+7', () => {
    expect(vietnamDate(new Date('2025-08-19T16:59:59Z'))).toBe('2025-08-19');
    expect(vietnamDate(new Date('2025-08-19T17:00:00Z'))).toBe('2025-08-20');
  });

  it('adds days across months and leap years', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-10-20', -61)).toBe('2025-08-20');
  });

  it('reads ISO and Vietnamese day/month/year dates, refusing impossible ones', () => {
    expect(parseCivilDate('2025-08-20')).toBe('2025-08-20');
    expect(parseCivilDate(' 20/08/2025 ')).toBe('2025-08-20');
    expect(parseCivilDate('1/9/2025')).toBe('2025-09-01');
    for (const bad of ['2025-02-29', '31/04/2025', '2025/08/20', '20-08-2025', ''])
      expect(parseCivilDate(bad)).toBeNull();
  });
});
