import type { Command } from 'commander';
import type { Kysely } from 'kysely';
import { recordAudit } from '../../core/audit/audit.js';
import type { Database } from '../../core/db/types.js';
import type { UrbisModule } from '../../core/module.js';

type Db = Kysely<Database>;

/** A funding editor as the editors' page lists them. */
export interface FundingEditor {
  userId: number;
  handle: string;
  name: string;
  grantedAt: string;
}

/** Every funding editor, by name. */
export async function listFundingEditors(db: Db): Promise<FundingEditor[]> {
  const rows = await db
    .selectFrom('funding_editors as e')
    .innerJoin('users as u', 'u.id', 'e.user_id')
    .select(['e.user_id', 'e.granted_at', 'u.handle', 'u.display_name'])
    .where('u.deleted_at', 'is', null)
    .orderBy('u.display_name')
    .orderBy('u.id')
    .execute();
  return rows.map((r) => ({
    userId: Number(r.user_id),
    handle: r.handle,
    name: r.display_name,
    grantedAt: new Date(r.granted_at).toISOString(),
  }));
}

/** A person by their handle (not deleted), or null. */
export async function personByHandle(db: Db, handle: string): Promise<{ id: number; name: string } | null> {
  const h = handle.trim().replace(/^@/, '');
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(h)) return null;
  const row = await db
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('handle', '=', h)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return row ? { id: Number(row.id), name: row.display_name } : null;
}

/**
 * Makes someone a funding editor (`true`), or says they were one already (`false`); audited
 * (`funding.editorGranted`) when it changes anything.
 */
export async function grantFundingEditor(db: Db, userId: number, by: number | null, at: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const known = await trx
      .selectFrom('funding_editors')
      .select('user_id')
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (known) return false;
    await trx.insertInto('funding_editors').values({ user_id: userId, granted_at: at, granted_by: by }).execute();
    await recordAudit(trx, {
      actorId: by,
      action: 'funding.editorGranted',
      subjectType: 'user',
      subjectId: String(userId),
    });
    return true;
  });
}

/** Ends someone's funding editor role (`true`), or says they had none (`false`); audited (`funding.editorRevoked`). */
export async function revokeFundingEditor(db: Db, userId: number, by: number | null): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const gone = await trx.deleteFrom('funding_editors').where('user_id', '=', userId).executeTakeFirst();
    if (Number(gone.numDeletedRows) === 0) return false;
    await recordAudit(trx, {
      actorId: by,
      action: 'funding.editorRevoked',
      subjectType: 'user',
      subjectId: String(userId),
    });
    return true;
  });
}

type Open = Parameters<NonNullable<UrbisModule['commands']>>[1];

/** The `urbis funding` command, made once whichever part of the module adds its subcommands first. */
export function fundingCommand(program: Command): Command {
  return (
    program.commands.find((c) => c.name() === 'funding') ??
    program.command('funding').description('the funding and policy pipeline')
  );
}

/** `urbis funding editors add|remove|list [handle]`: the platform's operator grants and ends the role. */
export function registerEditorCommands(program: Command, open: Open): void {
  const editors = fundingCommand(program).command('editors').description('who may add and edit items of the register');
  const run = (verb: 'add' | 'remove') => async (handle: string) => {
    const ctx = await open();
    try {
      const person = await personByHandle(ctx.db, handle);
      if (!person) {
        console.error(`Urbis cannot ${verb} a funding editor: there is no account "${handle}".`);
        process.exitCode = 1;
        return;
      }
      const changed =
        verb === 'add'
          ? await grantFundingEditor(ctx.db, person.id, null, new Date().toISOString())
          : await revokeFundingEditor(ctx.db, person.id, null);
      console.log(
        verb === 'add'
          ? changed
            ? `${person.name} is now a funding editor.`
            : `${person.name} was a funding editor already.`
          : changed
            ? `${person.name} is no longer a funding editor.`
            : `${person.name} was not a funding editor.`,
      );
    } finally {
      await ctx.close();
    }
  };
  editors.command('add').description('make someone a funding editor').argument('<handle>').action(run('add'));
  editors.command('remove').description('end someone’s funding editor role').argument('<handle>').action(run('remove'));
  editors
    .command('list')
    .description('list the funding editors')
    .action(async () => {
      const ctx = await open();
      try {
        const list = await listFundingEditors(ctx.db);
        if (list.length === 0) console.log('No funding editors (administrators may always edit).');
        for (const e of list) console.log(`${e.handle}\t${e.name}\tsince ${e.grantedAt.slice(0, 10)}`);
      } finally {
        await ctx.close();
      }
    });
}
