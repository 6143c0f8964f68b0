import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Passwords, web-services passwords and secret answers are stored as scrypt hashes:
 * `scrypt$N$r$p$salt$hash` (base64). The cost is read back from each hash, so raising
 * SCRYPT_COST applies to new hashes without breaking old ones.
 */
const KEY_LENGTH = 32;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;

function derive(secret: string, salt: Buffer, cost: number, blockSize: number, parallelism: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      secret.normalize('NFC'),
      salt,
      KEY_LENGTH,
      { N: cost, r: blockSize, p: parallelism, maxmem: 256 * cost * blockSize + 1024 * 1024 },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

export class PasswordHasher {
  constructor(private readonly cost: number) {}

  async hash(secret: string): Promise<string> {
    const salt = randomBytes(16);
    const key = await derive(secret, salt, this.cost, BLOCK_SIZE, PARALLELISM);
    return ['scrypt', this.cost, BLOCK_SIZE, PARALLELISM, salt.toString('base64'), key.toString('base64')].join('$');
  }

  async verify(secret: string, stored: string): Promise<boolean> {
    const parts = stored.split('$');
    if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
    const [cost, blockSize, parallelism] = parts.slice(1, 4).map(Number);
    const salt = Buffer.from(parts[4], 'base64');
    const expected = Buffer.from(parts[5], 'base64');
    const key = await derive(secret, salt, cost, blockSize, parallelism);
    return key.length === expected.length && timingSafeEqual(key, expected);
  }

  /** Spends the same time as a real check, so an unknown username cannot be told apart by timing. */
  async waste(secret: string): Promise<void> {
    await derive(secret, Buffer.alloc(16), this.cost, BLOCK_SIZE, PARALLELISM);
  }
}

/** guide 3.5.6.2: the secret answer "is not case sensitive". */
export function normaliseSecretAnswer(answer: string): string {
  return answer.trim().replace(/\s+/g, ' ').toLowerCase();
}
