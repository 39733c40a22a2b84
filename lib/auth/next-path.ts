/**
 * Where sign-in sends the visitor afterwards (`?next=`): a path on this site, or DEFAULT_NEXT.
 * The value is resolved as a URL against the site's origin (SITE stands in for it, so the check does
 * not depend on the Host a request names) and kept only when the result has the same origin; before that, anything with a control character or a backslash (raw or %-encoded
 * once more) is refused, because URL parsers drop tabs and newlines and read `\` as `/`:
 * `/\t/evil.example` and `/\evil.example` both become `//evil.example`, another host.
 */
export const DEFAULT_NEXT = "/admin";
const SITE = "https://site.invalid";
const UNSAFE = /[\u0000-\u001F\u007F-\u009F\\]/;

export function safeNextPath(raw: string | string[] | null | undefined): string {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value || value.length > 2048 || !value.startsWith("/") || value.startsWith("//")) return DEFAULT_NEXT;
  let decoded: string;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    return DEFAULT_NEXT;
  }
  if (UNSAFE.test(value) || UNSAFE.test(decoded) || decoded.startsWith("//")) return DEFAULT_NEXT;
  let url: URL;
  try {
    url = new URL(value, SITE);
  } catch {
    return DEFAULT_NEXT;
  }
  // Dot segments can collapse into a scheme-relative path: "/.//x" resolves to the path "//x".
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (url.origin !== SITE || path.startsWith("//") || path.startsWith("/\\")) return DEFAULT_NEXT;
  return path;
}
