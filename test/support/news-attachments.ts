// Test support for attachments: tiny files of every kind, built here byte by byte, and
// multipart bodies as a browser sends them.
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { TEMPORARY_FOLDER } from '../../src/core/http/multipart.js';

/** A ZIP of stored (uncompressed) entries, in the given order. */
export function zip(entries: [string, string | Buffer][]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of entries) {
    const data = Buffer.from(content);
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(0, 8);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const XML = '<?xml version="1.0" encoding="UTF-8"?>';
const contentTypes = `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`;
const odf = (kind: string) =>
  zip([
    ['mimetype', `application/vnd.oasis.opendocument.${kind}`],
    [
      'META-INF/manifest.xml',
      `${XML}<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>`,
    ],
    ['content.xml', `${XML}<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>`],
  ]);

export interface Sample {
  name: string;
  content: Buffer;
  /** What the server must serve it as. */
  type: string;
}

const b64 = (text: string) => Buffer.from(text, 'base64');

/** One small file of every accepted kind. */
export const ACCEPTED: Sample[] = [
  {
    name: 'map.png',
    type: 'image/png',
    content: b64('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='),
  },
  {
    name: 'Photo.JPG',
    type: 'image/jpeg',
    content: Buffer.concat([
      Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
      Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1'),
      Buffer.from([0xff, 0xd9]),
    ]),
  },
  { name: 'dot.gif', type: 'image/gif', content: b64('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7') },
  { name: 'dot.webp', type: 'image/webp', content: b64('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==') },
  {
    name: 'minutes.pdf',
    type: 'application/pdf',
    content: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'),
  },
  {
    name: 'report.docx',
    type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    content: zip([
      ['[Content_Types].xml', contentTypes],
      ['_rels/.rels', `${XML}<Relationships/>`],
      ['word/document.xml', `${XML}<w:document/>`],
    ]),
  },
  {
    name: 'budget.xlsx',
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    content: zip([
      ['[Content_Types].xml', contentTypes],
      ['xl/workbook.xml', `${XML}<workbook/>`],
    ]),
  },
  {
    name: 'slides.pptx',
    type: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    content: zip([
      ['[Content_Types].xml', contentTypes],
      ['ppt/presentation.xml', `${XML}<p:presentation/>`],
    ]),
  },
  { name: 'notes.odt', type: 'application/vnd.oasis.opendocument.text', content: odf('text') },
  { name: 'figures.ods', type: 'application/vnd.oasis.opendocument.spreadsheet', content: odf('spreadsheet') },
  { name: 'talk.odp', type: 'application/vnd.oasis.opendocument.presentation', content: odf('presentation') },
  { name: 'programme.txt', type: 'text/plain', content: Buffer.from('Agenda\n1. Welcome – vítejte\n2. Actions\n') },
  { name: 'members.csv', type: 'text/csv', content: Buffer.from('city,country\nOulu,FI\nBrno,CZ\n') },
];

/** Files that must be refused, each with why. */
export const REFUSED: (Omit<Sample, 'type'> & { why: string })[] = [
  {
    why: 'SVG',
    name: 'logo.svg',
    content: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
  },
  {
    why: 'SVG named as text',
    name: 'logo.txt',
    content: Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
  },
  { why: 'HTML', name: 'page.html', content: Buffer.from('<!doctype html><title>x</title><script>alert(1)</script>') },
  {
    why: 'HTML named as text',
    name: 'page.txt',
    content: Buffer.from('\n  <html><body onload="alert(1)">hi</body></html>'),
  },
  {
    why: 'a program',
    name: 'setup.exe',
    content: Buffer.concat([
      Buffer.from('MZ'),
      Buffer.alloc(64),
      Buffer.from('This program cannot be run in DOS mode.'),
    ]),
  },
  {
    why: 'a program named as a PDF',
    name: 'invoice.pdf',
    content: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(64)]),
  },
  { why: 'text named as a PNG', name: 'picture.png', content: Buffer.from('just some text, not a picture\n') },
  { why: 'a PNG named as a PDF', name: 'scan.pdf', content: ACCEPTED[0]!.content },
  { why: 'a plain ZIP', name: 'archive.docx', content: zip([['hello.txt', 'hello']]) },
  {
    why: 'a macro-enabled document',
    name: 'macro.docx',
    content: zip([
      ['[Content_Types].xml', contentTypes],
      ['word/document.xml', '<w:document/>'],
      ['word/vbaProject.bin', Buffer.alloc(16)],
    ]),
  },
  { why: 'Latin-1 text (not UTF-8)', name: 'old.txt', content: Buffer.from('caf\xe9\n', 'latin1') },
  { why: 'a file without an extension', name: 'README', content: Buffer.from('hello\n') },
];

export interface FilePart {
  name: string;
  content: Buffer | string;
  field?: string;
  type?: string;
}

/** A multipart/form-data body, as a browser writes it (quotes and backslashes in names escaped). */
export function multipart(fields: Record<string, string>, files: FilePart[]): { payload: Buffer; contentType: string } {
  const boundary = `----UrbisTest${randomBytes(8).toString('hex')}`;
  const quote = (s: string) =>
    s
      .replace(/\\/g, '\\\\')
      .replace(/"/g, '\\"')
      .replace(/[\r\n]+/g, ' ');
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  for (const file of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'file'}"; ` +
          `filename="${quote(file.name)}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
    );
    parts.push(Buffer.from(file.content), Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Every file under the uploads folder: kept ones, and temporary ones (under `.tmp/`). */
export function filesIn(uploadsDir: string): { kept: string[]; temporary: string[] } {
  const kept: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (full !== path.join(uploadsDir, TEMPORARY_FOLDER)) walk(full);
      } else kept.push(path.relative(uploadsDir, full));
    }
  };
  walk(uploadsDir);
  let temporary: string[] = [];
  try {
    temporary = readdirSync(path.join(uploadsDir, TEMPORARY_FOLDER));
  } catch {
    // no temporary folder: nothing in it
  }
  return { kept, temporary };
}
