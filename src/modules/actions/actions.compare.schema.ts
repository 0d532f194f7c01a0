import Type from 'typebox';
import { ActionSnapshot } from './actions.schema.js';
import { CHANGES, COMPARED_FIELDS } from './actions.compare.js';

const oneOf = <T extends readonly string[]>(values: T, description?: string) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
const Version = Type.Integer({ minimum: 1, maximum: 2 ** 31 - 1 });
/** A field's value in a version: text, a number, a flag, or null (not set). */
const FieldValue = Type.Union([Type.String(), Type.Integer(), Type.Boolean(), Type.Null()]);

/** `?from=&to=`: two versions of the action; left out, the two latest. */
export const CompareQuery = Type.Object({
  from: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: 2 ** 31 - 1,
      description: 'The earlier version; the one before `to` if left out.',
    }),
  ),
  to: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 2 ** 31 - 1, description: 'The later version; the latest if left out.' }),
  ),
});
export type CompareQuery = Type.Static<typeof CompareQuery>;

const VersionMeta = Type.Object({
  version: Version,
  at: Type.String({ format: 'date-time' }),
  by: Type.Union([Type.String(), Type.Null()], { description: 'Who made the change; null: the platform.' }),
  explanation: Type.String(),
});
const Change = oneOf(CHANGES, '`added`/`removed`: only in the later/earlier version.');
const item = <T extends ReturnType<typeof Type.Object>>(of: T) =>
  Type.Object({
    before: Type.Union([of, Type.Null()]),
    after: Type.Union([of, Type.Null()]),
    change: Change,
    fields: Type.Array(Type.String(), { description: 'The fields that differ (`changed`).' }),
  });
const S = ActionSnapshot.properties;

export const ActionComparison = Type.Object({
  number: Type.Integer(),
  from: VersionMeta,
  to: VersionMeta,
  changes: Type.Integer({ description: 'How many rows changed, were added or removed.' }),
  fields: Type.Array(
    Type.Object({
      field: oneOf(COMPARED_FIELDS, '`themeId`: the theme’s id; `mergedInto`: an action’s number.'),
      before: FieldValue,
      after: FieldValue,
      change: oneOf(['unchanged', 'changed'] as const),
    }),
  ),
  organisations: Type.Array(
    Type.Object({
      organisation: Type.Union([Type.Object({ slug: Type.String(), name: Type.String() }), Type.Null()], {
        description: 'Null: an organisation no longer in the directory.',
      }),
      before: Type.Union([Type.String(), Type.Null()], { description: '`lead` or `contributor`; null: not there.' }),
      after: Type.Union([Type.String(), Type.Null()]),
      change: Change,
    }),
  ),
  activities: Type.Array(item(S.activities.items)),
  deliverables: Type.Array(item(S.deliverables.items)),
  challenges: Type.Array(item(S.challenges.items)),
});
export type ActionComparison = Type.Static<typeof ActionComparison>;
