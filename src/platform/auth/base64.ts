/**
 * The bytes of a base64 text (RFC 4648 section 4) only when the text is their one canonical
 * spelling: the standard alphabet, padding to a multiple of four, unused bits zero, nothing
 * else. Node's decoder skips what it does not know (spaces, '.', '!', missing padding), so two
 * texts would otherwise stand for the same bytes: a nonce could be replayed under a new spelling.
 */
export function canonicalBase64(text: string): Buffer | undefined {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : undefined;
}
