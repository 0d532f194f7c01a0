import type { ModuleContext } from '../../core/module.js';
import { findUserByHandle } from '../accounts/index.js';
import { deliverablesOf } from '../actions/index.js';
import { organisationIdBySlug } from '../organisations/index.js';
import { partnershipIdOf } from '../partnerships/index.js';
import type { LessonValues } from './lessons.check.js';
import { findLessonById } from './lessons.queries.js';
import { createLesson, publishLesson, saveTranslation } from './lessons.service.js';
import type { SourceRef } from './lessons.sources.js';
import type { BudgetBand, Effort } from './lessons.tables.js';

/** Marks what the demo invented: the pilots are real (FACTS.md), what each city learnt is not known. */
const INVENTED = '\n\n(Demo text: what this city learnt is invented for the demo.)';

interface DemoLesson {
  author: string;
  organisation: string;
  title: string;
  tried: string;
  worked: string;
  notWorked: string;
  replicate: string;
  budgetBand: BudgetBand;
  staff: number;
  durationMonths: number;
  effort: Effort;
  tags: string[];
  /** The plan's action by number, its deliverables by title, meetings by number. */
  action: number;
  deliverables: string[];
  meetings: number[];
  /** When it was published (null: sent for review, waiting). */
  published: string | null;
  cs?: { title: string; tried: string; worked: string; notWorked: string; replicate: string };
}

const LESSONS: DemoLesson[] = [
  {
    author: 'elin-lindgren',
    organisation: 'helsingborg',
    title: 'A digital competence centre in the library, run with residents',
    tried:
      'For the Digital Neighbourhood Instrument pilot, Helsingborg opened a digital competence centre in a ' +
      'neighbourhood library: drop-in help with e-services twice a week, and the instrument’s questionnaire ' +
      'filled in together with residents, local firms and the library staff.',
    worked:
      'Placing it where people already come. Volunteers from the neighbourhood explained e-services better than ' +
      'city staff did, and the questionnaire gave the neighbourhood one shared picture of what it lacked.',
    notWorked:
      'Evening sessions drew almost nobody. The first version of the questionnaire was too long to fill in during ' +
      'a drop-in visit.',
    replicate:
      'Start in a library or community centre, not a city office. Recruit two or three residents as helpers before ' +
      'opening. Fill in the questionnaire in a workshop, not at the desk.' +
      INVENTED,
    budgetBand: '10k_100k',
    staff: 3,
    durationMonths: 6,
    effort: 'low',
    tags: ['Digital Neighbourhood Instrument', 'digital skills', 'Digital transition'],
    action: 2,
    deliverables: ['Pilot report: Helsingborg'],
    meetings: [11],
    published: '2019-03-20T09:00:00.000Z',
    cs: {
      title: 'Centrum digitálních dovedností v knihovně, vedené s obyvateli',
      tried:
        'V pilotním projektu Digital Neighbourhood Instrument otevřel Helsingborg centrum digitálních dovedností ' +
        've čtvrťové knihovně: dvakrát týdně pomoc s elektronickými službami bez objednání a dotazník nástroje ' +
        'vyplněný společně s obyvateli, místními firmami a knihovníky.',
      worked:
        'Umístit je tam, kam lidé už chodí. Dobrovolníci ze čtvrti vysvětlovali elektronické služby lépe než ' +
        'úředníci a dotazník dal čtvrti jeden společný obraz toho, co jí chybí.',
      notWorked:
        'Večerní setkání nepřilákala skoro nikoho. První verze dotazníku byla na krátkou návštěvu příliš dlouhá.',
      replicate:
        'Začněte v knihovně nebo komunitním centru, ne na úřadě. Než otevřete, získejte dva nebo tři obyvatele jako ' +
        'pomocníky. Dotazník vyplňujte na workshopu, ne u přepážky.' +
        '\n\n(Ukázkový text: co se město naučilo, je pro ukázku smyšlené.)',
    },
  },
  {
    author: 'nikolai-ganchev',
    organisation: 'sofia',
    title: 'Digital skills courses in community centres, booked by phone',
    tried:
      'Sofia’s pilot of the Digital Neighbourhood Instrument ran free short courses in three community centres ' +
      '(chitalishta), and used the questionnaire to choose the topics of each centre’s courses.',
    worked:
      'Booking by phone as well as online: most participants over sixty booked by phone. Courses on one task each ' +
      '(paying local taxes online, booking a doctor) filled up at once.',
    notWorked: 'General “introduction to the internet” courses had many drop-outs after the first session.',
    replicate:
      'Ask the questionnaire’s questions per neighbourhood, then teach one concrete municipal e-service per ' +
      'session. Keep a phone line for booking.' +
      INVENTED,
    budgetBand: '10k_100k',
    staff: 5,
    durationMonths: 8,
    effort: 'medium',
    tags: ['Digital Neighbourhood Instrument', 'digital skills', 'e-government'],
    action: 2,
    deliverables: ['Pilot report: Sofia'],
    meetings: [11],
    published: '2019-04-02T09:00:00.000Z',
  },
  {
    author: 'jussi-pelkonen',
    organisation: 'oulu',
    title: 'Neighbourhood help desks with the 5G test network’s start-ups',
    tried:
      'Oulu’s pilot paired its neighbourhood digital help desks with start-ups of the city’s 5G test network, who ' +
      'showed residents what the new services do and heard what residents needed.',
    worked: 'Residents asked practical questions the start-ups had never heard; two of them changed their services.',
    notWorked: 'The start-ups could spare time only during the first two months.',
    replicate:
      'Agree a fixed, short commitment with each company, and plan the help desk’s own staff for the months after.' +
      INVENTED,
    budgetBand: 'under_10k',
    staff: 2,
    durationMonths: 4,
    effort: 'low',
    tags: ['Digital Neighbourhood Instrument', '5G', 'digital skills'],
    action: 2,
    deliverables: ['Pilot report: Oulu'],
    meetings: [],
    published: null,
  },
  {
    author: 'mart-kivilo',
    organisation: 'estonia',
    title: 'Write the civil servants’ guide with the civil servants who will use it',
    tried:
      'For Action 3, the outline of the guide on digitalisation for civil servants was drafted in two workshops ' +
      'with staff of small municipalities, rather than by the partnership’s experts alone.',
    worked: 'The chapters follow the questions staff actually ask; the outline was agreed in one round.',
    notWorked: 'Remote participants could hardly follow the workshops; their comments came late, in writing.',
    replicate:
      'Hold short workshops in the language of the participants, and send the draft outline a week before.' + INVENTED,
    budgetBand: 'under_10k',
    staff: 2,
    durationMonths: 3,
    effort: 'low',
    tags: ['e-government', 'digital skills', 'small cities'],
    action: 3,
    deliverables: ['Outline of the guide'],
    meetings: [],
    published: '2019-01-15T09:00:00.000Z',
  },
  {
    author: 'giulia-ferraresi',
    organisation: 'rome',
    title: 'A quality label for open data needs a named owner per dataset',
    tried:
      'Rome tried the draft criteria of Action 8’s quality label on forty of its open datasets, with the ' +
      'departments that publish them.',
    worked: 'Naming one owner per dataset: the datasets with an owner met the criteria within weeks.',
    notWorked: 'Datasets published by external contractors could not be fixed without changing the contracts.',
    replicate:
      'Before scoring datasets, give each one an owner in the city’s staff, and add the criteria to new contracts.' +
      INVENTED,
    budgetBand: '10k_100k',
    staff: 4,
    durationMonths: 10,
    effort: 'high',
    tags: ['open data', 'Digital transition'],
    action: 8,
    deliverables: [],
    meetings: [],
    published: '2019-05-10T09:00:00.000Z',
  },
];

/**
 * The demo's lessons, in the Digital Transition Partnership: the three pilots of the Digital
 * Neighbourhood Instrument (Helsingborg's translated into Czech; Oulu's sent for review, waiting
 * for a coordinator), and lessons of two other actions. Published by a coordinator (Aino Lehtonen).
 */
export async function seedLessons(ctx: ModuleContext): Promise<void> {
  const db = ctx.db;
  const dtp = await partnershipIdOf(db, 'digital-transition');
  const reviewer = await findUserByHandle(db, 'aino-lehtonen');
  if (dtp === null || !reviewer) return;
  for (const demo of LESSONS) {
    const [author, organisationId] = await Promise.all([
      findUserByHandle(db, demo.author),
      organisationIdBySlug(db, demo.organisation),
    ]);
    if (!author || organisationId === null) continue;
    const action = await db
      .selectFrom('actions')
      .select('id')
      .where('partnership_id', '=', dtp)
      .where('number', '=', demo.action)
      .executeTakeFirst();
    const sources: SourceRef[] = action ? [{ type: 'action', id: action.id }] : [];
    if (action && demo.deliverables.length > 0) {
      const rows = (await deliverablesOf(db, { partnershipId: dtp })).filter(
        (d) => d.actionId === action.id && demo.deliverables.includes(d.title),
      );
      sources.push(...rows.map((r) => ({ type: 'deliverable' as const, id: r.id })));
    }
    if (demo.meetings.length > 0) {
      const rows = await db
        .selectFrom('meetings')
        .select('id')
        .where('partnership_id', '=', dtp)
        .where('number', 'in', demo.meetings)
        .execute();
      sources.push(...rows.map((r) => ({ type: 'meeting' as const, id: r.id })));
    }
    const values: LessonValues = {
      title: demo.title,
      organisation: demo.organisation,
      lang: 'en',
      tried: demo.tried,
      worked: demo.worked,
      notWorked: demo.notWorked,
      replicate: demo.replicate,
      budgetBand: demo.budgetBand,
      staff: demo.staff,
      durationMonths: demo.durationMonths,
      effort: demo.effort,
      tags: demo.tags,
      sources,
    };
    const { id } = await createLesson(ctx, {
      partnershipId: dtp,
      authorId: author.id,
      organisationId,
      values,
      submit: true,
      quiet: true,
    });
    if (demo.published) {
      await publishLesson(ctx, (await findLessonById(db, id, 'en'))!, reviewer.id, { demo: true });
      // Published when the pilots reported (2019), not on the day the demo is made.
      await db
        .updateTable('lessons')
        .set({
          created_at: demo.published,
          updated_at: demo.published,
          published_at: demo.published,
          sort_at: demo.published,
        })
        .where('id', '=', id)
        .execute();
      await db
        .updateTable('taggings')
        .set({ published_at: demo.published })
        .where('subject_type', '=', 'lesson')
        .where('subject_id', '=', id)
        .execute();
      await db
        .updateTable('partnership_activity')
        .set({ at: demo.published })
        .where('subject_type', '=', 'lesson')
        .where('subject_id', '=', id)
        .execute();
    }
    if (demo.cs) await saveTranslation(ctx, id, 'cs', { ...demo.cs, not_worked: demo.cs.notWorked }, author.id);
  }
}
