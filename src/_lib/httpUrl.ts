/**
 * The URL a report may link to: `s` parsed as an absolute `http:` or `https:` URL, normalized
 * (`URL.href`: spaces, quotes, `<` and `>` percent-encoded); `undefined` for anything else —
 * `javascript:`, `data:`, `file:`, a relative or unparsable URL. Rule files are untrusted: the schema
 * refuses other schemes, and the renderers still link nothing that is not http(s).
 */
export function httpUrl(s: string): string | undefined {
  if (!/^https?:\/\//i.test(s)) return undefined;
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    return undefined;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
}
