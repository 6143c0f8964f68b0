import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * WS-Security PasswordDigest is base64(sha1(nonce + created + password)): the server can only
 * check it holding the password itself. When PASSWORD_DIGEST_KEY is set, each user's password
 * is also kept sealed with AES-256-GCM under that key, solely for this check; without the key
 * nothing is sealed and PasswordDigest is refused.
 */
export class PasswordSeal {
  constructor(private readonly key: Buffer) {}

  seal(password: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(password, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join('.');
  }

  open(sealed: string): string | undefined {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || body === undefined) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      return undefined; // sealed under another key, or tampered with
    }
  }
}
