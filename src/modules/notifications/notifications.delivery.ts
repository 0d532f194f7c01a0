import type { Kysely } from 'kysely';
import { nowIso } from '../../core/db/dialect.js';
import type { Database } from '../../core/db/types.js';
import type { NotificationDelivery, UrbisModule } from '../../core/module.js';

/** The ways a kind of notification can be mailed, in the order the settings page offers them. */
export const DELIVERIES: readonly NotificationDelivery[] = ['immediately', 'daily', 'weekly', 'never'];

export const isDelivery = (value: unknown): value is NotificationDelivery =>
  typeof value === 'string' && (DELIVERIES as readonly string[]).includes(value);

/** A kind some module declares (`notificationKinds`), with the module that declares it. */
export interface DeclaredKind {
  kind: string;
  /** The declaring module's id: the settings page groups kinds by it. */
  module: string;
  /** Its delivery when a person chose none. */
  delivery: NotificationDelivery;
}

/**
 * Every declared kind of notification, in registry order, by kind (the first module that declares
 * a kind has it). A kind nobody declares is listed in the app and never mailed, unless its note
 * says `mail: true`.
 */
export function declaredKinds(modules: readonly UrbisModule[]): ReadonlyMap<string, DeclaredKind> {
  const kinds = new Map<string, DeclaredKind>();
  for (const module of modules)
    for (const { kind, delivery } of module.notificationKinds ?? [])
      if (!kinds.has(kind)) kinds.set(kind, { kind, module: module.id, delivery });
  return kinds;
}

/** The kinds of a digest: those whose delivery (a person's own, else the default) is `period`. */
export function kindsDelivered(
  kinds: ReadonlyMap<string, DeclaredKind>,
  own: ReadonlyMap<string, NotificationDelivery>,
  period: NotificationDelivery,
): string[] {
  const out = new Set<string>();
  for (const { kind, delivery } of kinds.values()) if ((own.get(kind) ?? delivery) === period) out.add(kind);
  // A kind no module declares (any more) is mailed only by a person's own choice.
  for (const [kind, delivery] of own) if (!kinds.has(kind) && delivery === period) out.add(kind);
  return [...out];
}

/** A person's own choices (only those that differ from the defaults are kept), by kind. */
export async function ownChoices(db: Kysely<Database>, userId: number): Promise<Map<string, NotificationDelivery>> {
  const rows = await db
    .selectFrom('notification_settings')
    .select(['kind', 'delivery'])
    .where('user_id', '=', userId)
    .execute();
  return new Map(rows.flatMap((r) => (isDelivery(r.delivery) ? [[r.kind, r.delivery] as const] : [])));
}

/** Many people's own choices at once (a batch of a digest run), by person, then kind. */
export async function ownChoicesOf(
  db: Kysely<Database>,
  userIds: readonly number[],
): Promise<Map<number, Map<string, NotificationDelivery>>> {
  const byUser = new Map<number, Map<string, NotificationDelivery>>();
  if (userIds.length === 0) return byUser;
  const rows = await db
    .selectFrom('notification_settings')
    .select(['user_id', 'kind', 'delivery'])
    .where('user_id', 'in', [...userIds])
    .execute();
  for (const row of rows) {
    if (!isDelivery(row.delivery)) continue;
    let own = byUser.get(row.user_id);
    if (!own) byUser.set(row.user_id, (own = new Map()));
    own.set(row.kind, row.delivery);
  }
  return byUser;
}

/** A person's own choice for one kind, if they made one (asked when a note is stored). */
export async function ownChoice(
  db: Kysely<Database>,
  userId: number,
  kind: string,
): Promise<NotificationDelivery | null> {
  const row = await db
    .selectFrom('notification_settings')
    .select('delivery')
    .where('user_id', '=', userId)
    .where('kind', '=', kind)
    .executeTakeFirst();
  return row && isDelivery(row.delivery) ? row.delivery : null;
}

/** One line of the settings: a declared kind, its module, the person's delivery and the default. */
export interface KindSetting {
  kind: string;
  module: string;
  delivery: NotificationDelivery;
  defaultDelivery: NotificationDelivery;
}

/** Every declared kind with the person's delivery for it, in registry order. */
export async function settingsOf(
  db: Kysely<Database>,
  kinds: ReadonlyMap<string, DeclaredKind>,
  userId: number,
): Promise<KindSetting[]> {
  const own = await ownChoices(db, userId);
  return [...kinds.values()].map((k) => ({
    kind: k.kind,
    module: k.module,
    delivery: own.get(k.kind) ?? k.delivery,
    defaultDelivery: k.delivery,
  }));
}

/**
 * Saves a person's choices (the caller checked the kinds), in one transaction: a choice equal to
 * the kind's default is kept as no row, so that the default may change later.
 */
export async function saveChoices(
  db: Kysely<Database>,
  kinds: ReadonlyMap<string, DeclaredKind>,
  userId: number,
  choices: ReadonlyMap<string, NotificationDelivery>,
): Promise<void> {
  if (choices.size === 0) return;
  await db.transaction().execute(async (trx) => {
    const at = nowIso();
    for (const [kind, delivery] of choices) {
      // (A kind no module declares is only ever stopped, by an unsubscribe link of an older mail.)
      if (kinds.get(kind)?.delivery === delivery) {
        await trx.deleteFrom('notification_settings').where('user_id', '=', userId).where('kind', '=', kind).execute();
      } else {
        await trx
          .insertInto('notification_settings')
          .values({ user_id: userId, kind, delivery, updated_at: at })
          .onConflict((oc) => oc.columns(['user_id', 'kind']).doUpdateSet({ delivery, updated_at: at }))
          .execute();
      }
    }
  });
}
