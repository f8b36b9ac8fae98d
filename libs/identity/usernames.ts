/** 3–64 characters: lower-case letters, digits, `.`, `_`, `-`; starting and ending with a letter or digit. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,62}[a-z0-9]$/;

/** Usernames are case-insensitive: stored and compared lower-case, surrounding spaces ignored. */
export function normalizeUsername(input: string): string {
  return input.trim().toLowerCase();
}

export function isValidUsername(username: string): boolean {
  return USERNAME_PATTERN.test(username);
}
