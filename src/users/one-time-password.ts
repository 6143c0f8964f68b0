import { randomInt } from 'node:crypto';

// No look-alike characters (0/O, 1/l/I), since a super user reads it out or copies it by hand (guide 3.5.3).
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const DIGITS = '23456789';
const SYMBOLS = '#%+-=?@';
const ALL = UPPER + LOWER + DIGITS + SYMBOLS;
const LENGTH = 16;

/** A random number below `max`; crypto's by default, replaceable in tests. */
export type RandomBelow = (max: number) => number;

/**
 * A one-time password (guide 2.3.1, 3.5.6.4) that meets the policy of guide 3.4: 16 characters
 * with at least one upper case letter, lower case letter, digit and symbol, no spaces.
 */
export function generateOneTimePassword(random: RandomBelow = randomInt): string {
  const pick = (alphabet: string) => alphabet[random(alphabet.length)];
  const characters = [pick(UPPER), pick(LOWER), pick(DIGITS), pick(SYMBOLS)];
  while (characters.length < LENGTH) characters.push(pick(ALL));
  for (let i = characters.length - 1; i > 0; i--) {
    const j = random(i + 1);
    [characters[i], characters[j]] = [characters[j], characters[i]];
  }
  return characters.join('');
}
