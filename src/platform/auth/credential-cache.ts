import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Remembers, per process, that a secret was checked against a stored hash, so repeated calls
 * by the same MIS do not pay the slow KDF each time. An entry is keyed by the stored hash
 * itself: a password change gives a new hash and the entry is never consulted again. What is
 * kept is a SHA-256 of the secret salted with a key that lives only in this process's memory.
 * Suspension and deletion are not cached: the account row is read on every call.
 */
export class CredentialCache {
  private readonly key = randomBytes(32).toString('base64');
  private readonly entries = new Map<string, Buffer>();

  constructor(private readonly capacity: number) {}

  matches(subject: string, storedHash: string, secret: string): boolean {
    const entryKey = `${subject}\u0000${storedHash}`;
    const remembered = this.entries.get(entryKey);
    if (!remembered) return false;
    const presented = this.mac(secret);
    if (!timingSafeEqual(remembered, presented)) return false;
    this.entries.delete(entryKey); // most recently used goes to the back
    this.entries.set(entryKey, remembered);
    return true;
  }

  remember(subject: string, storedHash: string, secret: string): void {
    if (this.capacity === 0) return;
    this.entries.set(`${subject}\u0000${storedHash}`, this.mac(secret));
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  private mac(secret: string): Buffer {
    return hash('sha256', `${this.key}${secret}`, 'buffer');
  }
}
