import { COMPAT_PASSWORD } from './soap-messages';

export interface ConsoleReply {
  status: number;
  headers: Headers;
  /** Every Set-Cookie line of the answer, as sent. */
  setCookies: string[];
  location: string | null;
  html: string;
}

/**
 * A browser's worth of the console without a browser: a cookie jar, forms posted as a browser
 * posts them, redirects left for the test to see.
 */
export class ConsoleClient {
  readonly cookies = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  async get(path: string, headers: Record<string, string> = {}): Promise<ConsoleReply> {
    return this.request('GET', path, undefined, headers);
  }

  async post(path: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<ConsoleReply> {
    return this.request('POST', path, new URLSearchParams(form).toString(), {
      'Content-Type': 'application/x-www-form-urlencoded',
      ...headers,
    });
  }

  /** Opens the login page and signs in with its form's token. */
  async signIn(username: string, password = COMPAT_PASSWORD): Promise<ConsoleReply> {
    const form = await this.get('/console/login');
    return this.post('/console/login', { _csrf: formToken(form.html), username, password });
  }

  /** The CSRF token of the forms of a page the user has open. */
  async tokenOf(path: string): Promise<string> {
    return formToken((await this.get(path)).html);
  }

  private async request(method: string, path: string, body: string | undefined, headers: Record<string, string>) {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      body,
      redirect: 'manual',
      headers: { ...(cookie ? { Cookie: cookie } : {}), ...headers },
    });
    const setCookies = response.headers.getSetCookie();
    for (const line of setCookies) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      if (value === '' || /Max-Age=0/.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return {
      status: response.status,
      headers: response.headers,
      setCookies,
      location: response.headers.get('location'),
      html: await response.text(),
    };
  }
}

export function formToken(html: string): string {
  const token = /name="_csrf" value="([^"]*)"/.exec(html)?.[1];
  if (!token) throw new Error('the page has no form token');
  return token;
}
