import type { ModuleContext } from '../../core/module.js';
import { findUserByHandle } from '../accounts/index.js';
import { partnershipIdOf } from '../partnerships/index.js';
import { publicLessonIdsBySlug } from './playbooks.lessons.js';
import { findPlaybookById } from './playbooks.queries.js';
import { createPlaybook, publishPlaybook, saveTranslation } from './playbooks.service.js';

/**
 * The lessons of the demo it is made of, in order: two pilots of the Digital Neighbourhood Instrument (the
 * third, Oulu's, still waits for review), then two of other actions.
 */
const CHAPTERS = [
  'a-digital-competence-centre-in-the-library-run-with-residents',
  'digital-skills-courses-in-community-centres-booked-by-phone',
  'write-the-civil-servants-guide-with-the-civil-servants-who-will-use-it',
  'a-quality-label-for-open-data-needs-a-named-owner-per-dataset',
];

const PLAYBOOK = {
  title: 'Open data and digital services in a small city: where to start',
  target: 'Small cities starting with open data and digital services',
  introduction:
    'Small cities rarely have a digital department of their own. This playbook gathers what cities of the ' +
    'Digital Transition Partnership learnt when they brought digital services closer to residents and ' +
    'published their first datasets, and orders it as a path a small city can follow.\n\n' +
    'Each chapter is a lesson a city wrote: what it tried, what worked, what did not, and what to do the ' +
    'same way. Read the steps first, then the chapters that fit where you are.',
  steps: [
    'Ask residents, firms and the library what they miss, with a short questionnaire filled in together.',
    'Start where people already come: a library or a community centre, not a city office.',
    'Teach one concrete municipal e-service per session, and keep a phone line for booking.',
    'Write guides for staff with the staff who will use them.',
    'Before publishing data, name one owner for each dataset.',
  ],
  cs: {
    title: 'Otevřená data a digitální služby v malém městě: kde začít',
    target: 'Malá města, která začínají s otevřenými daty a digitálními službami',
    introduction:
      'Malá města málokdy mají vlastní odbor pro digitalizaci. Tato příručka shrnuje, co se města Partnerství ' +
      'pro digitální transformaci naučila, když přibližovala digitální služby obyvatelům a zveřejňovala své ' +
      'první datové sady, a řadí to do postupu, kterým se malé město může řídit.\n\n' +
      'Každá kapitola je poučení, které sepsalo některé město: co zkusilo, co fungovalo, co ne a co udělat ' +
      'stejně. Nejdřív si přečtěte postup, pak kapitoly, které odpovídají tomu, kde právě jste.',
    steps: [
      'Zeptejte se obyvatel, firem a knihovny, co jim chybí, krátkým dotazníkem vyplněným společně.',
      'Začněte tam, kam lidé už chodí: v knihovně nebo komunitním centru, ne na úřadě.',
      'Na každém setkání naučte jednu konkrétní elektronickou službu města a nechte lidem možnost ' +
        'přihlásit se telefonem.',
      'Příručky pro úředníky pište s úředníky, kteří je budou používat.',
      'Než data zveřejníte, určete každé datové sadě jednoho správce.',
    ],
  },
  /** Published in June 2019, after the lessons it is made of. */
  published: '2019-06-12T09:00:00.000Z',
};

/**
 * The demo's playbook, in the Digital Transition Partnership: written and published by its coordinator
 * Kadri Saar (not audited: no one's act to answer for), from the Digital Neighbourhood Instrument pilots'
 * lessons (Helsingborg's and Sofia's) and two others of the lessons demo, with a Czech translation of its
 * own texts.
 */
export async function seedPlaybooks(ctx: ModuleContext): Promise<void> {
  const db = ctx.db;
  const [dtp, author] = await Promise.all([
    partnershipIdOf(db, 'digital-transition'),
    findUserByHandle(db, 'kadri-saar'),
  ]);
  if (dtp === null || !author) return;
  const published = await publicLessonIdsBySlug(db, CHAPTERS);
  const lessonIds = CHAPTERS.flatMap((slug) => (published.has(slug) ? [published.get(slug)!] : []));
  if (lessonIds.length === 0) return;
  const { id } = await createPlaybook(ctx, {
    partnershipId: dtp,
    authorId: author.id,
    values: {
      title: PLAYBOOK.title,
      target: PLAYBOOK.target,
      lang: 'en',
      introduction: PLAYBOOK.introduction,
      steps: PLAYBOOK.steps.join('\n'),
      lessonIds,
    },
  });
  await saveTranslation(ctx, id, 'cs', { ...PLAYBOOK.cs, steps: PLAYBOOK.cs.steps.join('\n') }, author.id);
  await publishPlaybook(ctx, (await findPlaybookById(db, id, 'en'))!, author.id, { audit: false });
  // Published in 2019, with the lessons, not on the day the demo is made.
  const at = PLAYBOOK.published;
  await db
    .updateTable('playbooks')
    .set({ created_at: at, updated_at: at, published_at: at, sort_at: at })
    .where('id', '=', id)
    .execute();
  await db.updateTable('playbook_translations').set({ updated_at: at }).where('playbook_id', '=', id).execute();
  await db
    .updateTable('partnership_activity')
    .set({ at })
    .where('subject_type', '=', 'playbook')
    .where('subject_id', '=', id)
    .execute();
}
