import type { Kysely } from 'kysely';
import type { Database } from '../../core/db/types.js';
import { createUser, findUserByHandle } from '../accounts/index.js';
import { organisationIdBySlug, syncClaims } from '../organisations/index.js';
import { replaceAffiliations, upsertProfile } from './people.queries.js';

/** The one password of every demo account (the README gives it): never use it for real. */
export const DEMO_PASSWORD = 'urbis-demo-2026';
export const DEMO_ADMIN = { handle: 'admin', email: 'admin@demo.urbis.eu', displayName: 'Demo Administrator' } as const;

interface DemoPerson {
  handle: string;
  displayName: string;
  organisationSlug: string;
  roleTitle: string;
  languages: string[];
  bio: string;
}

// Invented people, two per demo organisation; the first of each is its lead contact.
// Any likeness to a real person's name is chance. The bios are written for this demo.
const PEOPLE: DemoPerson[] = [
  {
    handle: 'kadri-saar',
    displayName: 'Kadri Saar',
    organisationSlug: 'estonia',
    roleTitle: 'Senior adviser, digital state',
    languages: ['et', 'en', 'fi'],
    bio: 'Helps ministries and towns reuse the same e-services instead of building them twice.',
  },
  {
    handle: 'mart-kivilo',
    displayName: 'Mart Kivilo',
    organisationSlug: 'estonia',
    roleTitle: 'Partnership secretariat',
    languages: ['et', 'en', 'ru'],
    bio: 'Keeps the partnership’s calendar, minutes and action tracker in order.',
  },
  {
    handle: 'aino-lehtonen',
    displayName: 'Aino Lehtonen',
    organisationSlug: 'oulu',
    roleTitle: 'Smart city programme manager',
    languages: ['fi', 'sv', 'en'],
    bio: 'Runs Oulu’s smart city programme and its neighbourhood digital help desks.',
  },
  {
    handle: 'jussi-pelkonen',
    displayName: 'Jussi Pelkonen',
    organisationSlug: 'oulu',
    roleTitle: '5G test network lead',
    languages: ['fi', 'en', 'de'],
    bio: 'Connects local start-ups with the city’s 5G test network.',
  },
  {
    handle: 'elena-dimitrova',
    displayName: 'Elena Dimitrova',
    organisationSlug: 'sofia',
    roleTitle: 'Head of digital services',
    languages: ['bg', 'en', 'ru'],
    bio: 'Leads the move of Sofia’s municipal services online, one form at a time.',
  },
  {
    handle: 'nikolai-ganchev',
    displayName: 'Nikolai Ganchev',
    organisationSlug: 'sofia',
    roleTitle: 'Digital skills coordinator',
    languages: ['bg', 'en'],
    bio: 'Organises free digital skills courses in Sofia’s community centres.',
  },
  {
    handle: 'ivana-kovacic',
    displayName: 'Ivana Kovačić',
    organisationSlug: 'croatia',
    roleTitle: 'Policy officer, regional development',
    languages: ['hr', 'en', 'it'],
    bio: 'Links the partnership’s work to Croatia’s regional development programmes.',
  },
  {
    handle: 'tomislav-baric',
    displayName: 'Tomislav Barić',
    organisationSlug: 'croatia',
    roleTitle: 'Open data adviser',
    languages: ['hr', 'en', 'de'],
    bio: 'Encourages Croatian towns to publish their data in open formats.',
  },
  {
    handle: 'katrin-vogelsang',
    displayName: 'Katrin Vogelsang',
    organisationSlug: 'germany',
    roleTitle: 'Desk officer, urban policy',
    languages: ['de', 'en', 'fr'],
    bio: 'Brings the federal view on urban development into the partnership.',
  },
  {
    handle: 'jonas-bruckner',
    displayName: 'Jonas Brückner',
    organisationSlug: 'germany',
    roleTitle: 'Adviser, smart cities',
    languages: ['de', 'en'],
    bio: 'Follows the smart city model projects and shares what they learn.',
  },
  {
    handle: 'zsofia-kertesz',
    displayName: 'Zsófia Kertész',
    organisationSlug: 'hungary',
    roleTitle: 'E-government expert',
    languages: ['hu', 'en', 'de'],
    bio: 'Works on making public services usable from any phone.',
  },
  {
    handle: 'bence-molnar',
    displayName: 'Bence Molnár',
    organisationSlug: 'hungary',
    roleTitle: 'Programme officer',
    languages: ['hu', 'en'],
    bio: 'Tracks funding opportunities for digital projects in Hungarian towns.',
  },
  {
    handle: 'ioana-constantinescu',
    displayName: 'Ioana Constantinescu',
    organisationSlug: 'romania',
    roleTitle: 'Counsellor, digital transformation',
    languages: ['ro', 'en', 'fr'],
    bio: 'Coordinates Romania’s contribution to the digital transition actions.',
  },
  {
    handle: 'radu-munteanu',
    displayName: 'Radu Munteanu',
    organisationSlug: 'romania',
    roleTitle: 'Data analyst',
    languages: ['ro', 'en', 'it'],
    bio: 'Measures how far local digital services reach people outside the big cities.',
  },
  {
    handle: 'lucia-ferrer-soler',
    displayName: 'Lucía Ferrer Soler',
    organisationSlug: 'spain',
    roleTitle: 'Head of unit, urban agenda',
    languages: ['es', 'ca', 'en'],
    bio: 'Connects the Spanish urban agenda with its European counterpart.',
  },
  {
    handle: 'javier-ortega-ruiz',
    displayName: 'Javier Ortega Ruiz',
    organisationSlug: 'spain',
    roleTitle: 'Technical adviser',
    languages: ['es', 'en', 'pt'],
    bio: 'Advises small municipalities on shared digital platforms.',
  },
  {
    handle: 'claire-weber',
    displayName: 'Claire Weber',
    organisationSlug: 'luxembourg',
    roleTitle: 'Attachée, spatial planning',
    languages: ['lb', 'fr', 'de', 'en'],
    bio: 'Prepares the meetings Luxembourg hosts and follows up on what they decide.',
  },
  {
    handle: 'luc-schmit',
    displayName: 'Luc Schmit',
    organisationSlug: 'luxembourg',
    roleTitle: 'Digital policy officer',
    languages: ['lb', 'fr', 'en'],
    bio: 'Looks after cross-border digital services for people who live in one country and work in another.',
  },
  {
    handle: 'sanne-de-wit',
    displayName: 'Sanne de Wit',
    organisationSlug: 'eindhoven',
    roleTitle: 'Chief data officer',
    languages: ['nl', 'en', 'de'],
    bio: 'Sets the rules for how Eindhoven collects, shares and protects city data.',
  },
  {
    handle: 'daan-van-leeuwen',
    displayName: 'Daan van Leeuwen',
    organisationSlug: 'eindhoven',
    roleTitle: 'Living lab coordinator',
    languages: ['nl', 'en'],
    bio: 'Tests new sensors and services with residents before the city buys them.',
  },
  {
    handle: 'mareike-jansen',
    displayName: 'Mareike Jansen',
    organisationSlug: 'hamburg',
    roleTitle: 'Head of digital city strategy',
    languages: ['de', 'en', 'da'],
    bio: 'Leads Hamburg’s digital strategy and its urban data platform.',
  },
  {
    handle: 'timo-albers',
    displayName: 'Timo Albers',
    organisationSlug: 'hamburg',
    roleTitle: 'Urban data platform architect',
    languages: ['de', 'en'],
    bio: 'Designs the interfaces other cities use to reuse Hamburg’s open data tools.',
  },
  {
    handle: 'elin-lindgren',
    displayName: 'Elin Lindgren',
    organisationSlug: 'helsingborg',
    roleTitle: 'Innovation manager',
    languages: ['sv', 'en', 'da'],
    bio: 'Runs Helsingborg’s digital competence centre for residents and local firms.',
  },
  {
    handle: 'oskar-nyberg',
    displayName: 'Oskar Nyberg',
    organisationSlug: 'helsingborg',
    roleTitle: 'Service designer',
    languages: ['sv', 'en', 'no'],
    bio: 'Redesigns city services together with the people who use them.',
  },
  {
    handle: 'ines-carvalho',
    displayName: 'Inês Carvalho',
    organisationSlug: 'lisbon',
    roleTitle: 'Director, digital transformation',
    languages: ['pt', 'en', 'es'],
    bio: 'Steers Lisbon’s digital transformation and its open data portal.',
  },
  {
    handle: 'tiago-mendes-rocha',
    displayName: 'Tiago Mendes Rocha',
    organisationSlug: 'lisbon',
    roleTitle: 'Project officer, citizen participation',
    languages: ['pt', 'en', 'fr'],
    bio: 'Builds online tools that let residents propose and vote on local projects.',
  },
  {
    handle: 'camille-girard',
    displayName: 'Camille Girard',
    organisationSlug: 'lyon',
    roleTitle: 'Head of European affairs',
    languages: ['fr', 'en', 'it'],
    bio: 'Represents Lyon in European city networks and partnerships.',
  },
  {
    handle: 'theo-lambert',
    displayName: 'Théo Lambert',
    organisationSlug: 'lyon',
    roleTitle: 'Digital inclusion officer',
    languages: ['fr', 'en', 'es'],
    bio: 'Makes sure that online services in Lyon also work for people who rarely go online.',
  },
  {
    handle: 'giulia-ferraresi',
    displayName: 'Giulia Ferraresi',
    organisationSlug: 'rome',
    roleTitle: 'Coordinator, Roma digitale',
    languages: ['it', 'en', 'fr'],
    bio: 'Coordinates the projects that bring Rome’s administration online.',
  },
  {
    handle: 'matteo-colombo',
    displayName: 'Matteo Colombo',
    organisationSlug: 'rome',
    roleTitle: 'Interoperability specialist',
    languages: ['it', 'en'],
    bio: 'Connects the city’s registers so that residents give their data only once.',
  },
  {
    handle: 'maja-novak',
    displayName: 'Maja Novak',
    organisationSlug: 'association-of-municipalities-of-slovenia',
    roleTitle: 'Head of EU projects',
    languages: ['sl', 'en', 'hr', 'de'],
    bio: 'Helps Slovenian municipalities join European projects and share their results.',
  },
  {
    handle: 'luka-kranjc',
    displayName: 'Luka Kranjc',
    organisationSlug: 'association-of-municipalities-of-slovenia',
    roleTitle: 'Legal adviser',
    languages: ['sl', 'en', 'it'],
    bio: 'Explains what new EU digital rules mean for small municipalities.',
  },
  {
    handle: 'sophie-vandenberghe',
    displayName: 'Sophie Vandenberghe',
    organisationSlug: 'cemr',
    roleTitle: 'Policy adviser, digital affairs',
    languages: ['nl', 'fr', 'en'],
    bio: 'Speaks for local and regional governments in EU digital policy debates.',
  },
  {
    handle: 'andreas-christou',
    displayName: 'Andreas Christou',
    organisationSlug: 'cemr',
    roleTitle: 'Policy officer, cohesion',
    languages: ['el', 'en'],
    bio: 'Follows how cohesion funds reach smaller towns and islands.',
  },
  {
    handle: 'hanna-kowalczyk',
    displayName: 'Hanna Kowalczyk',
    organisationSlug: 'eurocities',
    roleTitle: 'Project coordinator, digital',
    languages: ['pl', 'en', 'de'],
    bio: 'Runs the working group where city digital officers compare notes.',
  },
  {
    handle: 'rebecca-camilleri',
    displayName: 'Rebecca Camilleri',
    organisationSlug: 'eurocities',
    roleTitle: 'Communications officer',
    languages: ['mt', 'en', 'it'],
    bio: 'Tells the stories of cities’ digital projects to a wider public.',
  },
  {
    handle: 'agnieszka-wrobel',
    displayName: 'Agnieszka Wróbel',
    organisationSlug: 'dg-regio',
    roleTitle: 'Policy officer, urban agenda',
    languages: ['pl', 'en', 'fr'],
    bio: 'Follows the partnerships of the Urban Agenda for the Commission (demo profile).',
  },
  {
    handle: 'mikkel-sorensen',
    displayName: 'Mikkel Sørensen',
    organisationSlug: 'dg-regio',
    roleTitle: 'Desk officer',
    languages: ['da', 'en', 'de'],
    bio: 'Answers questions about regional funds for digital projects (demo profile).',
  },
  {
    handle: 'eva-novotna',
    displayName: 'Eva Novotná',
    organisationSlug: 'dg-cnect',
    roleTitle: 'Policy officer, smart communities',
    languages: ['cs', 'sk', 'en', 'fr'],
    bio: 'Works on digital services for communities and on the local data spaces that support them (demo profile).',
  },
  {
    handle: 'martin-holub',
    displayName: 'Martin Holub',
    organisationSlug: 'dg-cnect',
    roleTitle: 'Programme officer',
    languages: ['cs', 'en', 'de'],
    bio: 'Explains which calls of the Digital Europe programme suit cities (demo profile).',
  },
  {
    handle: 'dimitra-papadaki',
    displayName: 'Dimitra Papadaki',
    organisationSlug: 'dg-grow',
    roleTitle: 'Policy officer, local economies',
    languages: ['el', 'en', 'fr'],
    bio: 'Helps cities turn digital plans into support for local businesses (demo profile).',
  },
  {
    handle: 'lubica-hruskova',
    displayName: 'Ľubica Hrušková',
    organisationSlug: 'dg-grow',
    roleTitle: 'Assistant policy officer',
    languages: ['sk', 'cs', 'en', 'hu'],
    bio: 'Prepares peer-learning visits between cities that face the same problem (demo profile).',
  },
  {
    handle: 'aurelie-moreau',
    displayName: 'Aurélie Moreau',
    organisationSlug: 'urbact',
    roleTitle: 'Programme expert',
    languages: ['fr', 'en', 'es'],
    bio: 'Coaches city networks through their action planning.',
  },
  {
    handle: 'janis-ozolins',
    displayName: 'Jānis Ozoliņš',
    organisationSlug: 'urbact',
    roleTitle: 'Knowledge hub officer',
    languages: ['lv', 'en', 'lt', 'ru'],
    bio: 'Collects what city networks learn and turns it into short guides.',
  },
  {
    handle: 'marie-thill',
    displayName: 'Marie Thill',
    organisationSlug: 'espon',
    roleTitle: 'Project expert, territorial evidence',
    languages: ['lb', 'fr', 'de', 'en'],
    bio: 'Turns territorial research into figures that cities can compare.',
  },
  {
    handle: 'andrius-kazlauskas',
    displayName: 'Andrius Kazlauskas',
    organisationSlug: 'espon',
    roleTitle: 'Data scientist',
    languages: ['lt', 'en', 'pl'],
    bio: 'Maintains the indicators that show how digital each region is.',
  },
  {
    handle: 'joana-ferreira',
    displayName: 'Joana Ferreira',
    organisationSlug: 'commission-data-unit',
    roleTitle: 'Policy officer, data for cities',
    languages: ['pt', 'en', 'fr'],
    bio: 'Helps cities publish their data so that others can find and reuse it.',
  },
  {
    handle: 'tomas-brandt',
    displayName: 'Tomas Brandt',
    organisationSlug: 'commission-data-unit',
    roleTitle: 'Data interoperability expert',
    languages: ['de', 'en', 'da'],
    bio: 'Works on common formats so that data from one city can be read by the tools of another.',
  },
];

/** The demo people by organisation (the first of each is its lead contact), for other modules' demo data. */
export function demoPeople(): {
  handle: string;
  email: string;
  displayName: string;
  organisationSlug: string;
  lead: boolean;
}[] {
  return PEOPLE.map((person, i) => ({
    handle: person.handle,
    email: `${person.handle}@demo.urbis.eu`,
    displayName: person.displayName,
    organisationSlug: person.organisationSlug,
    lead: PEOPLE.findIndex((p) => p.organisationSlug === person.organisationSlug) === i,
  }));
}

/**
 * The demo accounts with their profiles, and one platform administrator. A person whose
 * organisation is not in the demo data is left out; an existing handle is left alone.
 */
export async function seedPeople(db: Kysely<Database>): Promise<void> {
  if (!(await findUserByHandle(db, DEMO_ADMIN.handle))) {
    await createUser(db, { ...DEMO_ADMIN, password: DEMO_PASSWORD, isAdmin: true });
  }
  for (const person of PEOPLE) {
    const organisationId = await organisationIdBySlug(db, person.organisationSlug);
    if (organisationId === null || (await findUserByHandle(db, person.handle))) continue;
    const userId = await createUser(db, {
      email: `${person.handle}@demo.urbis.eu`,
      handle: person.handle,
      displayName: person.displayName,
      password: DEMO_PASSWORD,
    });
    await upsertProfile(db, userId, { bio: person.bio, languages: person.languages });
    await replaceAffiliations(db, userId, [{ organisationId, roleTitle: person.roleTitle }]);
    // The demo's affiliations are confirmed, as a coordinator would have done.
    await syncClaims(db, userId, [organisationId], 'confirmed');
  }
}
