import { hash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Lru } from '../cache/lru';

/**
 * Remembers, per process, that a secret was checked against a stored hash, so repeated calls
 * by the same MIS do not pay the slow KDF each time. An entry is keyed by the stored hash
 * itself: a password change gives a new hash and the entry is never consulted again. What is
 * kept is a SHA-256 of the secret salted with a key that lives only in this process's memory.
 * Whether the account may still be used is not remembered here: the account read decides
 * (cached-account-store.ts keeps it current in every process).
 */
export class CredentialCache {
  private readonly key = randomBytes(32).toString('base64');
  private readonly entries: Lru<string, Buffer>;

  constructor(capacity: number) {
    this.entries = new Lru(capacity);
  }

  matches(subject: string, storedHash: string, secret: string): boolean {
    const remembered = this.entries.get(`${subject}\u0000${storedHash}`);
    return remembered !== undefined && timingSafeEqual(remembered, this.mac(secret));
  }

  remember(subject: string, storedHash: string, secret: string): void {
    this.entries.set(`${subject}\u0000${storedHash}`, this.mac(secret));
  }

  get size(): number {
    return this.entries.size;
  }

  private mac(secret: string): Buffer {
    return hash('sha256', `${this.key}${secret}`, 'buffer');
  }
}
