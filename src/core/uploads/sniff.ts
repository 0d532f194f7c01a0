import { open, readFile } from 'node:fs/promises';
import { extensionOf } from './names.js';

/** A kind of file Urbis accepts: recognised by its content, named with one of its extensions. */
export interface FileType {
  /** Short id, also the last part of its label's message key (`png`, `docx`, `text` …). */
  kind: string;
  /** What it is served as; decided here, never taken from the client. */
  mediaType: string;
  /** Extensions a name of this kind may end in, lower case, without the dot. */
  extensions: readonly string[];
  /** Shown inline (`<img>`) where a page lists it. */
  image: boolean;
}

const OOXML = 'application/vnd.openxmlformats-officedocument.';
const ODF = 'application/vnd.oasis.opendocument.';

/** Every accepted kind. Nothing else is taken: no SVG, no HTML, no archives, no programs. */
export const FILE_TYPES: readonly FileType[] = [
  { kind: 'png', mediaType: 'image/png', extensions: ['png'], image: true },
  { kind: 'jpeg', mediaType: 'image/jpeg', extensions: ['jpg', 'jpeg'], image: true },
  { kind: 'gif', mediaType: 'image/gif', extensions: ['gif'], image: true },
  { kind: 'webp', mediaType: 'image/webp', extensions: ['webp'], image: true },
  { kind: 'pdf', mediaType: 'application/pdf', extensions: ['pdf'], image: false },
  { kind: 'docx', mediaType: `${OOXML}wordprocessingml.document`, extensions: ['docx'], image: false },
  { kind: 'xlsx', mediaType: `${OOXML}spreadsheetml.sheet`, extensions: ['xlsx'], image: false },
  { kind: 'pptx', mediaType: `${OOXML}presentationml.presentation`, extensions: ['pptx'], image: false },
  { kind: 'odt', mediaType: `${ODF}text`, extensions: ['odt'], image: false },
  { kind: 'ods', mediaType: `${ODF}spreadsheet`, extensions: ['ods'], image: false },
  { kind: 'odp', mediaType: `${ODF}presentation`, extensions: ['odp'], image: false },
  { kind: 'text', mediaType: 'text/plain', extensions: ['txt'], image: false },
  { kind: 'csv', mediaType: 'text/csv', extensions: ['csv'], image: false },
];

const byKind = new Map(FILE_TYPES.map((type) => [type.kind, type]));
const byMediaType = new Map(FILE_TYPES.map((type) => [type.mediaType, type]));

/** The accepted kind served as `mediaType`, if it is one. */
export const fileTypeOf = (mediaType: string): FileType | undefined => byMediaType.get(mediaType);

/** Every extension accepted, for an `accept` attribute: `.png,.jpg,…`. */
export const ACCEPTED_EXTENSIONS: readonly string[] = FILE_TYPES.flatMap((type) =>
  type.extensions.map((ext) => `.${ext}`),
);

export type Sniffed =
  | { ok: true; type: FileType }
  /** `empty`: no bytes; `refused`: not a kind Urbis takes; `mismatch`: an accepted kind whose name says otherwise. */
  | { ok: false; reason: 'empty' | 'refused' }
  | { ok: false; reason: 'mismatch'; type: FileType };

const HEAD_BYTES = 4096;

const startsWith = (head: Buffer, bytes: readonly number[], at = 0) =>
  head.length >= at + bytes.length && bytes.every((b, i) => head[at + i] === b);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/**
 * What the file at `file` is, from its bytes (magic numbers, the inside of ZIP-based office
 * files, UTF-8 text), and whether `name` carries a matching extension. Text and CSV share
 * their content; the extension tells them apart.
 */
export async function sniffFile(file: string, size: number, name: string): Promise<Sniffed> {
  if (size === 0) return { ok: false, reason: 'empty' };
  const handle = await open(file, 'r');
  let kind: string | null;
  try {
    const head = Buffer.alloc(Math.min(HEAD_BYTES, size));
    await handle.read(head, 0, head.length, 0);
    kind = await binaryKind(head, size, handle);
  } finally {
    await handle.close();
  }
  const extension = extensionOf(name);
  if (kind === null) {
    if (!isPlainText(await readFile(file))) return { ok: false, reason: 'refused' };
    kind = extension === 'csv' ? 'csv' : 'text';
  }
  const type = byKind.get(kind);
  if (!type) return { ok: false, reason: 'refused' };
  return type.extensions.includes(extension) ? { ok: true, type } : { ok: false, reason: 'mismatch', type };
}

type Handle = Awaited<ReturnType<typeof open>>;

/** The kind of a binary file from its first bytes, or null when it is none of them (maybe text). */
async function binaryKind(head: Buffer, size: number, handle: Handle): Promise<string | null> {
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(head, ascii('GIF87a')) || startsWith(head, ascii('GIF89a'))) return 'gif';
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)) return 'webp';
  if (startsWith(head, ascii('%PDF-'))) return 'pdf';
  // A ZIP that is not an office document is refused, not taken for text.
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return (await officeKind(head, size, handle)) ?? 'zip';
  return null;
}

const ODF_KINDS: Record<string, string> = {
  [`${ODF}text`]: 'odt',
  [`${ODF}spreadsheet`]: 'ods',
  [`${ODF}presentation`]: 'odp',
};
const OOXML_PARTS: [string, string][] = [
  ['word/document.xml', 'docx'],
  ['xl/workbook.xml', 'xlsx'],
  ['ppt/presentation.xml', 'pptx'],
];

/**
 * An OpenDocument file begins with an uncompressed entry `mimetype` that names its kind; an
 * Office Open XML file has `[Content_Types].xml` and its main part. Macro-enabled files
 * (a `vbaProject.bin` inside) are refused whatever they are called.
 */
async function officeKind(head: Buffer, size: number, handle: Handle): Promise<string | null> {
  const names = await zipEntryNames(size, handle);
  if (!names || names.some((n) => /vbaProject\.bin$/i.test(n))) return null;
  if (head.length >= 30 && head.readUInt16LE(8) === 0) {
    const nameLength = head.readUInt16LE(26);
    const extraLength = head.readUInt16LE(28);
    const dataLength = head.readUInt32LE(18);
    const name = head.subarray(30, 30 + nameLength).toString('latin1');
    const start = 30 + nameLength + extraLength;
    if (name === 'mimetype' && dataLength < 100 && start + dataLength <= head.length) {
      const kind = ODF_KINDS[head.subarray(start, start + dataLength).toString('latin1')];
      if (kind && names.includes('META-INF/manifest.xml')) return kind;
    }
  }
  if (!names.includes('[Content_Types].xml')) return null;
  return OOXML_PARTS.find(([part]) => names.includes(part))?.[1] ?? null;
}

const MAX_DIRECTORY = 4 * 1024 * 1024;
const MAX_ENTRIES = 20_000;

/** The entry names of a ZIP from its central directory, or null when it cannot be read (or is ZIP64). */
async function zipEntryNames(size: number, handle: Handle): Promise<string[] | null> {
  // The end record is 22 bytes plus a comment of at most 65 535.
  const tailLength = Math.min(size, 22 + 65_535);
  const tail = Buffer.alloc(tailLength);
  await handle.read(tail, 0, tailLength, size - tailLength);
  let end = -1;
  for (let i = tailLength - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const count = tail.readUInt16LE(end + 10);
  const length = tail.readUInt32LE(end + 12);
  const offset = tail.readUInt32LE(end + 16);
  if (
    count === 0xffff ||
    offset === 0xffffffff ||
    length > MAX_DIRECTORY ||
    offset + length > size ||
    count > MAX_ENTRIES
  )
    return null;
  const directory = Buffer.alloc(length);
  await handle.read(directory, 0, length, offset);
  const names: string[] = [];
  let at = 0;
  for (let n = 0; n < count; n++) {
    if (at + 46 > length || directory.readUInt32LE(at) !== 0x02014b50) return null;
    const nameLength = directory.readUInt16LE(at + 28);
    const next = at + 46 + nameLength + directory.readUInt16LE(at + 30) + directory.readUInt16LE(at + 32);
    if (next > length) return null;
    names.push(directory.subarray(at + 46, at + 46 + nameLength).toString('utf8'));
    at = next;
  }
  return names;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * How HTML, SVG and XML begin (the WHATWG sniffing patterns, after white space and a byte
 * order mark): such "text" is refused, so that no markup is ever stored as text.
 */
const MARKUP = new RegExp(
  '^[\\t\\n\\f\\r ]*(?:<!doctype\\s+html|' +
    '<(?:html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p|svg|math|xml|\\?xml)[\\s>/]|<!--)',
  'i',
);

/** Valid UTF-8, no NUL byte, and not markup. */
function isPlainText(bytes: Buffer): boolean {
  if (bytes.includes(0)) return false;
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return false;
  }
  return !MARKUP.test(text.replace(/^\uFEFF/, '').slice(0, 1024));
}
