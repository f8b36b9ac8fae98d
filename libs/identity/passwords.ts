import { hash, verify } from '@node-rs/argon2';
import { randomBytes, randomInt } from 'node:crypto';

/**
 * Password hashing with Argon2id (@node-rs/argon2: prebuilt native binaries, no install script). The library's
 * defaults are the OWASP baseline (m = 19 MiB, t = 2, p = 1); the parameters travel inside each PHC string, so
 * raising them later still verifies old hashes.
 */
export const MIN_PASSWORD_LENGTH = 10;
/** Longer inputs are refused before hashing: hashing megabytes on request would be a cheap denial of service. */
export const MAX_PASSWORD_LENGTH = 256;

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** False (never throws) for a wrong password or a malformed stored hash. */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | null = null;

/**
 * Spends the same time as a real verification and always fails. Used when the user is unknown, inactive or has no
 * password, so that the answer's timing does not reveal which usernames exist.
 */
export async function verifyAgainstDummyHash(password: string): Promise<false> {
  dummyHash ??= hash(randomBytes(24).toString('base64url'));
  await verifyPassword(await dummyHash, password);
  return false;
}

// No 0/O, 1/l/I: a one-time password is read aloud or copied by hand.
const ONE_TIME_ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random password handed out once (new account, reset): 4 groups of 4, about 92 bits. */
export function generateOneTimePassword(): string {
  const groups: string[] = [];
  for (let group = 0; group < 4; group += 1) {
    let chunk = '';
    for (let i = 0; i < 4; i += 1) chunk += ONE_TIME_ALPHABET[randomInt(ONE_TIME_ALPHABET.length)];
    groups.push(chunk);
  }
  return groups.join('-');
}
