import yazl from 'yazl';
import { fromFlag } from '../../core/db/dialect.js';
import { SessionStore } from '../../core/http/session.js';
import type { ModuleContext, UrbisModule } from '../../core/module.js';
import { anonymiseUser, deleteAccessTokensOf, deleteMailTokensOf, findUserById } from './accounts.queries.js';
import { listTokens } from './access-tokens.js';
import { attemptSubject, forgetAccountAttempts } from './throttle.js';

export const ACCOUNTS_MODULE_ID = 'accounts';

/** Everything the accounts module keeps about a person (never a password hash or a token). */
export async function exportAccountData(ctx: ModuleContext, userId: number): Promise<Record<string, unknown>> {
  const user = await findUserById(ctx.db, userId);
  if (!user) return {};
  const sessions = await new SessionStore(ctx.db, ctx.config).listFor(userId);
  const pending = await ctx.db
    .selectFrom('accounts_mail_tokens')
    .select(['purpose', 'new_email', 'created_at', 'expires_at'])
    .where('user_id', '=', userId)
    .execute();
  return {
    account: {
      id: user.id,
      handle: user.handle,
      displayName: user.display_name,
      email: user.email,
      emailConfirmedAt: user.email_confirmed_at,
      locale: user.locale,
      timeZone: user.time_zone,
      isAdmin: fromFlag(user.is_admin),
      createdAt: user.created_at,
    },
    terms: { version: user.terms_version, acceptedAt: user.terms_accepted_at },
    sessions: sessions.map((s) => ({
      createdAt: s.createdAt,
      lastSeenAt: s.lastSeenAt,
      expiresAt: s.expiresAt,
      userAgent: s.userAgent,
    })),
    accessTokens: (await listTokens(ctx, userId)).map((t) => ({
      name: t.name,
      prefix: t.prefix,
      createdAt: t.createdAt,
      lastUsedAt: t.lastUsedAt,
    })),
    pendingLinks: pending.map((p) => ({
      purpose: p.purpose,
      newEmail: p.new_email,
      createdAt: p.created_at,
      expiresAt: p.expires_at,
    })),
  };
}

/** Removes the account's personal data; the row stays, marked deleted, for its contributions. */
export async function eraseAccountData(ctx: ModuleContext, userId: number): Promise<void> {
  const user = await findUserById(ctx.db, userId);
  if (!user) return;
  await new SessionStore(ctx.db, ctx.config).endAllFor(userId);
  await deleteAccessTokensOf(ctx.db, userId);
  await deleteMailTokensOf(ctx.db, userId);
  await forgetAccountAttempts(ctx.db, attemptSubject(user.email));
  await anonymiseUser(ctx.db, userId);
}

const withPersonalData = (ctx: ModuleContext) =>
  ctx.modules.filter((m): m is UrbisModule & Required<Pick<UrbisModule, 'personalData'>> => Boolean(m.personalData));

/** "Download my data": a zip with one JSON file per module that keeps something about the person. */
export async function personalDataZip(ctx: ModuleContext, userId: number): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const exportedAt = new Date();
  for (const module of withPersonalData(ctx)) {
    const data = await module.personalData.export(ctx, userId);
    zip.addBuffer(Buffer.from(JSON.stringify(data, null, 2) + '\n', 'utf8'), `${module.id}.json`, {
      mtime: exportedAt,
    });
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Deletes an account: every module erases what it keeps about the person, this one last (the
 * others may still need the address, and if one fails the person can still sign in and try
 * again); then it is audited. Each module makes its own erasure atomic if it needs to.
 */
export async function deleteAccount(ctx: ModuleContext, userId: number): Promise<void> {
  for (const module of withPersonalData(ctx)) {
    if (module.id !== ACCOUNTS_MODULE_ID) await module.personalData.erase(ctx, userId);
  }
  await eraseAccountData(ctx, userId);
  await ctx.audit({ actorId: userId, action: 'accounts.delete', subjectType: 'user', subjectId: String(userId) });
}
