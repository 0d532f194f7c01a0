import type { FastifyReply, FastifyRequest } from 'fastify';
import { readFile } from 'node:fs/promises';
import { recordAudit } from '../../core/audit/audit.js';
import type { UploadedFile } from '../../core/http/multipart.js';
import type { Translator } from '../../core/i18n/translator.js';
import type { ModuleContext } from '../../core/module.js';
import { cleanFileName, contentDisposition } from '../../core/uploads/names.js';
import { FILE_TYPES, sniffFile, type FileType } from '../../core/uploads/sniff.js';
import { FileStore, sendStoredFile } from '../../core/uploads/store.js';
import * as q from './editing.queries.js';
import { LOGO_KINDS, LOGO_LIMITS } from './editing.schema.js';
import { lockPartnership } from './membership.queries.js';

const storeOf = (ctx: ModuleContext) => new FileStore(ctx.config.uploadsDir, ctx.log);

const LOGO_TYPES = FILE_TYPES.filter((type) => (LOGO_KINDS as readonly string[]).includes(type.kind));
/** Every extension a logo may have, and its media types, for the file input's `accept`. */
export const LOGO_ACCEPT = [
  ...LOGO_TYPES.flatMap((type) => type.extensions.map((e) => `.${e}`)),
  ...LOGO_TYPES.map((type) => type.mediaType),
].join(',');

const u16be = (b: Buffer, at: number) => b.readUInt16BE(at);
const u24le = (b: Buffer, at: number) => b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16);

/**
 * The size in pixels of a PNG, JPEG or WebP from its header (`null` when the header is not what
 * such a file has: a file that only begins like an image is refused).
 */
export function imageSize(bytes: Buffer, kind: string): { width: number; height: number } | null {
  if (kind === 'png') {
    // The first chunk is IHDR: width and height, big-endian.
    if (bytes.length < 24 || bytes.toString('latin1', 12, 16) !== 'IHDR') return null;
    return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  }
  if (kind === 'webp') {
    if (bytes.length < 30) return null;
    const chunk = bytes.toString('latin1', 12, 16);
    if (chunk === 'VP8X') return { width: u24le(bytes, 24) + 1, height: u24le(bytes, 27) + 1 };
    if (chunk === 'VP8L' && bytes[20] === 0x2f) {
      const bits = bytes.readUInt32LE(21);
      return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
    }
    if (chunk === 'VP8 ' && bytes[23] === 0x9d && bytes[24] === 0x01 && bytes[25] === 0x2a)
      return { width: bytes.readUInt16LE(26) & 0x3fff, height: bytes.readUInt16LE(28) & 0x3fff };
    return null;
  }
  if (kind === 'jpeg') {
    // Segments after the start of image, each `FF <marker> <length>`, until a start of frame.
    let at = 2;
    while (at + 9 < bytes.length) {
      if (bytes[at] !== 0xff) return null;
      const marker = bytes[at + 1]!;
      if (marker === 0xff) {
        at += 1;
        continue;
      }
      if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
        at += 2;
        continue;
      }
      const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
      if (isFrame) return { width: u16be(bytes, at + 7), height: u16be(bytes, at + 5) };
      const length = u16be(bytes, at + 2);
      if (length < 2) return null;
      at += 2 + length;
    }
    return null;
  }
  return null;
}

/** A logo that passed every check: its temporary file and what it is. */
export interface AcceptedLogo {
  path: string;
  size: number;
  sha256: string;
  type: FileType;
  width: number;
  height: number;
}

export type LogoCheck = { ok: true; logo: AcceptedLogo } | { ok: false; message: string; status: 400 | 503 };

/**
 * Checks the file of the logo form before it is kept: one was chosen, it is not empty, at most
 * 1 MiB, a PNG, JPEG or WebP by its bytes (never SVG, whatever it is called) with a name that
 * says so, and a header that gives a size of at most 4096 pixels a side.
 */
export async function checkLogo(files: UploadedFile[], i18n: Pick<Translator, 't' | 'locale'>): Promise<LogoCheck> {
  const { t } = i18n;
  const fail = (message: string, status: 400 | 503 = 400): LogoCheck => ({ ok: false, message, status });
  // A form whose file input was left empty sends a part with no name and no bytes.
  const chosen = files.filter((f) => f.filename !== '' || f.size > 0);
  if (chosen.length === 0) return fail(t('partnerships.logo.error.none'));
  if (chosen.length > 1) return fail(t('partnerships.logo.error.one'));
  const file = chosen[0]!;
  const name = cleanFileName(file.filename) || 'logo';
  if (file.problem === 'tooBig' || file.size > LOGO_LIMITS.bytes) return fail(t('partnerships.logo.error.tooBig'));
  if (file.problem === 'unsaved' || file.path === null) return fail(t('partnerships.logo.error.unsaved'), 503);
  const sniffed = await sniffFile(file.path, file.size, name);
  if (!sniffed.ok && sniffed.reason === 'empty') return fail(t('partnerships.logo.error.empty'));
  const type = sniffed.ok || sniffed.reason === 'mismatch' ? sniffed.type : null;
  if (!type || !LOGO_TYPES.includes(type)) return fail(t('partnerships.logo.error.kind', { name }));
  if (!sniffed.ok) return fail(t('partnerships.logo.error.mismatch', { name, extensions: type.extensions.join(', ') }));
  const size = imageSize(await readFile(file.path), type.kind);
  if (!size || size.width < 1 || size.height < 1) return fail(t('partnerships.logo.error.unreadable', { name }));
  if (size.width > LOGO_LIMITS.side || size.height > LOGO_LIMITS.side)
    return fail(t('partnerships.logo.error.dimensions', { side: LOGO_LIMITS.side }));
  return { ok: true, logo: { path: file.path, size: file.size, sha256: file.sha256, type, ...size } };
}

/**
 * Makes the file the partnership's logo: it is moved into the store, then recorded (with an
 * audit record) in one transaction that holds the partnership's row, so that of two logos sent
 * at once one wins and the other's file goes; the file of the logo it replaces goes after.
 */
export async function setLogo(
  ctx: ModuleContext,
  partnershipId: number,
  actorId: number,
  logo: AcceptedLogo,
): Promise<void> {
  const store = storeOf(ctx);
  const key = await store.keep(logo.path);
  let previous: string | null;
  try {
    previous = await ctx.db.transaction().execute(async (trx) => {
      await lockPartnership(trx, ctx.dialect.name, partnershipId);
      const before = await q.logoKeyOf(trx, partnershipId);
      await q.putLogo(trx, partnershipId, {
        key,
        type: logo.type.mediaType,
        sha256: logo.sha256,
        size: logo.size,
        width: logo.width,
        height: logo.height,
      });
      await recordAudit(trx, {
        actorId,
        action: 'partnerships.setLogo',
        partnershipId,
        subjectType: 'partnership',
        subjectId: String(partnershipId),
        details: { type: logo.type.mediaType, bytes: logo.size, width: logo.width, height: logo.height },
      });
      return before;
    });
  } catch (error) {
    await store.remove(key);
    throw error;
  }
  if (previous) await store.remove(previous);
}

/** Removes the logo: false when there was none (a second click changes nothing and records nothing). */
export async function removeLogo(ctx: ModuleContext, partnershipId: number, actorId: number): Promise<boolean> {
  const removed = await ctx.db.transaction().execute(async (trx) => {
    await lockPartnership(trx, ctx.dialect.name, partnershipId);
    const key = await q.logoKeyOf(trx, partnershipId);
    if (!key || !(await q.clearLogo(trx, partnershipId, key))) return null;
    await recordAudit(trx, {
      actorId,
      action: 'partnerships.removeLogo',
      partnershipId,
      subjectType: 'partnership',
      subjectId: String(partnershipId),
    });
    return key;
  });
  if (removed) await storeOf(ctx).remove(removed);
  return removed !== null;
}

/** How long a logo's address with its current version may be kept: it never changes (a new logo is a new address). */
const VERSIONED_MAX_AGE = 365 * 24 * 3600;
/** Without the version (or an old one): a short while, then the ETag makes asking again cheap. */
const MAX_AGE = 300;

/**
 * Sends the logo as an image of the type found from its bytes, with `nosniff` and a sandboxing
 * CSP in case it is opened on its own. True once sent; false when the file is missing.
 */
export async function sendLogo(
  ctx: ModuleContext,
  request: FastifyRequest,
  reply: FastifyReply,
  logo: q.LogoRow,
  version: string | undefined,
): Promise<boolean> {
  const type = LOGO_TYPES.find((t) => t.mediaType === logo.type);
  if (!type) return false;
  const current = version !== undefined && version.length >= 16 && logo.sha256.startsWith(version);
  return sendStoredFile(request, reply, storeOf(ctx), {
    key: logo.key,
    sha256: logo.sha256,
    size: logo.size,
    type: type.mediaType,
    disposition: contentDisposition(`logo.${type.extensions[0]}`, 'inline'),
    cacheControl: current ? `public, max-age=${VERSIONED_MAX_AGE}, immutable` : `public, max-age=${MAX_AGE}`,
  });
}
