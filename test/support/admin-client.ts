import { COMPAT_PASSWORD } from './soap-messages';

export interface JsonReply {
  status: number;
  body: Record<string, unknown> & { error?: { code: string; message: string } };
  headers: Headers;
}

/** A call to the admin API as a user, with HTTP Basic. */
export async function admin(
  baseUrl: string,
  method: string,
  path: string,
  options: { user?: string; password?: string; body?: unknown; rawBody?: string } = {},
): Promise<JsonReply> {
  const headers: Record<string, string> = {};
  if (options.user) {
    headers.Authorization = `Basic ${Buffer.from(`${options.user}:${options.password ?? COMPAT_PASSWORD}`).toString('base64')}`;
  }
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${baseUrl}/admin${path}`, { method, headers, body });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : {}, headers: response.headers };
}
