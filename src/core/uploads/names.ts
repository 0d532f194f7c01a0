/** The longest file name kept, in characters (code points). */
export const MAX_NAME_LENGTH = 200;
const MAX_URL_NAME_LENGTH = 100;

/**
 * Characters that never belong in a shown file name: C0 and C1 controls, DEL, and the
 * invisible format characters that reorder or hide text (a right-to-left override can make
 * `gpj.exe` look like `exe.jpg`).
 */
function isInvisible(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    (code >= 0x200b && code <= 0x200f) ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2060 && code <= 0x2069) ||
    code === 0xfeff
  );
}

/** The extension of a name, lower case, without the dot (`Report.PDF` → `pdf`); empty when it has none. */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 && dot < name.length - 1 ? name.slice(dot + 1).toLowerCase() : '';
}

/** At most `limit` code points, keeping a short extension at the end. */
function shorten(points: string[], limit: number): string {
  if (points.length <= limit) return points.join('');
  const name = points.join('');
  const extension = extensionOf(name);
  const keep = extension && extension.length <= 10 ? [...`.${extension}`] : [];
  return (
    points
      .slice(0, limit - keep.length)
      .join('')
      .trimEnd() + keep.join('')
  );
}

/**
 * A file name as uploaded, made fit to show: the last part of a path only, no control or
 * invisible characters, no leading dots or spaces, NFC, at most 200 characters (the extension
 * kept). It is shown as text and never used to find the file on disk.
 */
export function cleanFileName(raw: string): string {
  const base = raw.normalize('NFC').split(/[/\\]/).pop() ?? '';
  const visible = [...base].filter((c) => !isInvisible(c.codePointAt(0) ?? 0)).join('');
  const trimmed = visible.trim().replace(/^[.\s]+/, '');
  return shorten([...trimmed], MAX_NAME_LENGTH);
}

/**
 * The name as the last segment of a download address: ASCII letters, digits, `.`, `_` and
 * `-` only (accents dropped, anything else a dash), at most 100 characters. `fallback` (e.g.
 * `file.pdf`) when nothing is left.
 */
export function urlNameOf(name: string, fallback: string): string {
  const ascii = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-*\.-*/g, '.')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  const short = shorten([...ascii], MAX_URL_NAME_LENGTH).replace(/^[-.]+|[-.]+$/g, '');
  return extensionOf(short) ? short : fallback;
}

/** RFC 5987 `ext-value` encoding: UTF-8, percent-encoded beyond the attribute characters. */
const encodeRfc5987 = (value: string) =>
  encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * Characters the plain `filename` keeps as they are: letters, digits, the space and punctuation
 * that means nothing in a header. Everything else becomes `_`: what is not ASCII, `"` and `\`
 * (which would end or escape the quoted string, and which user agents read differently), `;`,
 * `=` and `*` (a reader that splits the header at `;`, or looks for `filename*=` anywhere, would
 * take a name such as `x; filename*=UTF-8''evil.html` for a parameter), `%` (some user agents
 * percent-decode it) and `'`.
 */
const PLAIN_FILENAME_UNSAFE = /[^A-Za-z0-9 ._\-()[\]{},+!#$&@^~`]/g;

/**
 * `Content-Disposition` for a download (RFC 6266): `filename` an ASCII stand-in for old clients,
 * a quoted string of harmless characters only, and `filename*` (RFC 5987) the name itself in
 * UTF-8, percent-encoded, which every current browser uses.
 */
export function contentDisposition(name: string, disposition: 'attachment' | 'inline' = 'attachment'): string {
  const ascii = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(PLAIN_FILENAME_UNSAFE, '_');
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(name)}`;
}
