import type { XmlElement } from 'libxml2-wasm';
import type { PresentedCredential } from '../platform/auth/authenticator';
import { DomainError } from '../platform/errors';
import type { LibXml } from '../platform/xml/libxml';
import { childElements } from '../platform/xml/xml-object';
import { WSSE_NS } from './envelope';

const WSU_NS = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
const PASSWORD_DIGEST = '#PasswordDigest';

export interface UsernameToken {
  username: string;
  credential: PresentedCredential;
}

/** The WS-Security UsernameToken of a header (PasswordText or PasswordDigest), if there is one. */
export function readUsernameToken(lib: LibXml, header: XmlElement | undefined): UsernameToken | undefined {
  if (!header) return undefined;
  const security = childElements(lib, header).find((e) => e.name === 'Security' && e.namespaceUri === WSSE_NS);
  if (!security) return undefined;
  const token = childElements(lib, security).find((e) => e.name === 'UsernameToken' && e.namespaceUri === WSSE_NS);
  if (!token) throw new DomainError('AUTH_REQUIRED', 'The Security header holds no UsernameToken');
  const parts = childElements(lib, token);
  const find = (name: string, ns = WSSE_NS) => parts.find((e) => e.name === name && e.namespaceUri === ns);
  const username = find('Username')?.content.trim();
  const password = find('Password');
  if (!username || !password) throw new DomainError('AUTH_REQUIRED', 'The UsernameToken needs a Username and a Password');
  const type = password.attrs.find((a) => a.name === 'Type')?.value ?? '';
  const created = find('Created', WSU_NS)?.content.trim();
  const nonce = find('Nonce')?.content.trim();
  if (type.endsWith(PASSWORD_DIGEST)) {
    if (!created || !nonce) {
      throw new DomainError('AUTH_REQUIRED', 'A PasswordDigest token needs a Nonce and a Created time');
    }
    return { username, credential: { kind: 'digest', digest: password.content.trim(), nonce, created } };
  }
  return { username, credential: { kind: 'password', password: password.content } };
}
