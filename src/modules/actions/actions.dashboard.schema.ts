import Type from 'typebox';
import { ACTION_STATUSES, IMPACTS, WORK_STATUSES } from './actions.tables.js';

/** The JSON of the dashboards (a partnership's plan; the whole platform): what the pages show. */

const oneOf = <T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>({ type: 'string', enum: [...values] });
const PlanDate = Type.String({ format: 'date' });
const PartnershipRef = Type.Object({ slug: Type.String(), title: Type.String() });

export const DashboardAction = Type.Object({
  partnership: PartnershipRef,
  number: Type.Integer({ description: 'Its number in the partnership’s plan.' }),
  title: Type.String(),
  lang: Type.String({ description: 'Language of the title.' }),
});
export type DashboardAction = Type.Static<typeof DashboardAction>;

const DeliverableLine = Type.Object({
  action: DashboardAction,
  title: Type.String(),
  dueOn: PlanDate,
  status: oneOf(WORK_STATUSES),
});
const Listed = <T extends Type.TSchema>(item: T, description: string) =>
  Type.Object(
    {
      count: Type.Integer({ minimum: 0, description: 'How many there are in all.' }),
      items: Type.Array(item, { description: 'The first 20 of them.' }),
    },
    { description },
  );

export const Dashboard = Type.Object({
  today: Type.String({
    format: 'date',
    description: 'The day (platform time zone) that "late", "due soon" and "not updated" are counted from.',
  }),
  dueDays: Type.Integer({ description: 'Deliverables due within this many days from today are "due soon".' }),
  staleDays: Type.Integer({ description: 'Actions going on with no change for this many days are listed.' }),
  total: Type.Integer({ minimum: 0, description: 'The actions the reader may see.' }),
  byStatus: Type.Array(Type.Object({ status: oneOf(ACTION_STATUSES), actions: Type.Integer({ minimum: 0 }) }), {
    description: 'Every status, in order, with how many actions have it.',
  }),
  byTheme: Type.Optional(
    Type.Array(
      Type.Object({
        position: Type.Union([Type.Integer(), Type.Null()], { description: 'Null: actions with no theme.' }),
        title: Type.Union([Type.String(), Type.Null()]),
        actions: Type.Integer({ minimum: 0 }),
        progress: Type.Union([Type.Integer({ minimum: 0, maximum: 100 }), Type.Null()], {
          description: 'Average progress of its actions that are neither merged nor cancelled.',
        }),
      }),
      { description: 'A partnership’s dashboard: its themes in order.' },
    ),
  ),
  byPartnership: Type.Optional(
    Type.Array(Type.Object({ partnership: PartnershipRef, actions: Type.Integer({ minimum: 0 }) }), {
      description: 'The platform’s dashboard: the 10 partnerships with most actions.',
    }),
  ),
  otherPartnerships: Type.Optional(
    Type.Integer({ minimum: 0, description: 'The actions of every other partnership, summed.' }),
  ),
  progress: Type.Array(
    Type.Object({
      month: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}$' }),
      average: Type.Union([Type.Integer({ minimum: 0, maximum: 100 }), Type.Null()]),
      actions: Type.Integer({ description: 'The actions counted (neither merged nor cancelled).' }),
    }),
    { description: 'Average progress at the end of each month, from the history (the last 24 months of changes).' },
  ),
  late: Listed(DeliverableLine, 'Deliverables still to deliver whose due date has passed, most overdue first.'),
  dueSoon: Listed(DeliverableLine, 'Deliverables still to deliver due within `dueDays`, soonest first.'),
  openChallenges: Listed(
    Type.Object({
      action: DashboardAction,
      description: Type.String(),
      impact: oneOf(IMPACTS),
      raisedOn: PlanDate,
    }),
    'Open challenges, latest raised first.',
  ),
  stale: Listed(
    Type.Object({
      action: DashboardAction,
      status: oneOf(ACTION_STATUSES),
      progress: Type.Integer(),
      updatedAt: Type.String({ format: 'date-time' }),
    }),
    'Actions going on (planned, in progress, delayed) not updated for `staleDays`, longest first.',
  ),
});
export type Dashboard = Type.Static<typeof Dashboard>;
