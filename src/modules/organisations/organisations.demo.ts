import type { Kysely } from 'kysely';
import type { Database } from '../../core/db/types.js';
import { insertOrganisation } from './organisations.queries.js';
import type { OrganisationForm } from './organisations.schema.js';

// The Digital Transition Partnership's coordinators and members (2017), and the bodies that
// joined its 11th meeting, as public facts. Size bands are by population.
const ORGANISATIONS: OrganisationForm[] = [
  { slug: 'estonia', name: 'Estonia', kind: 'member-state', country: 'EE' },
  { slug: 'oulu', name: 'Oulu', kind: 'city', country: 'FI', sizeBand: 'medium' },
  { slug: 'sofia', name: 'Sofia', kind: 'city', country: 'BG', sizeBand: 'large' },
  { slug: 'croatia', name: 'Croatia', kind: 'member-state', country: 'HR' },
  { slug: 'germany', name: 'Germany', kind: 'member-state', country: 'DE' },
  { slug: 'hungary', name: 'Hungary', kind: 'member-state', country: 'HU' },
  { slug: 'romania', name: 'Romania', kind: 'member-state', country: 'RO' },
  { slug: 'spain', name: 'Spain', kind: 'member-state', country: 'ES' },
  { slug: 'luxembourg', name: 'Luxembourg', kind: 'member-state', country: 'LU' },
  { slug: 'eindhoven', name: 'Eindhoven', kind: 'city', country: 'NL', sizeBand: 'medium' },
  { slug: 'hamburg', name: 'Hamburg', kind: 'city', country: 'DE', sizeBand: 'large' },
  { slug: 'helsingborg', name: 'Helsingborg', kind: 'city', country: 'SE', sizeBand: 'medium' },
  { slug: 'lisbon', name: 'Lisboa', kind: 'city', country: 'PT', sizeBand: 'large' },
  { slug: 'lyon', name: 'Lyon', kind: 'city', country: 'FR', sizeBand: 'large' },
  { slug: 'rome', name: 'Roma', kind: 'city', country: 'IT', sizeBand: 'large' },
  {
    slug: 'association-of-municipalities-of-slovenia',
    name: 'Association of Municipalities of Slovenia',
    kind: 'network',
    country: 'SI',
  },
  {
    slug: 'cemr',
    name: 'CEMR – Council of European Municipalities and Regions',
    kind: 'network',
    website: 'https://www.ccre.org',
  },
  { slug: 'eurocities', name: 'EUROCITIES', kind: 'network', website: 'https://eurocities.eu' },
  { slug: 'dg-regio', name: 'DG REGIO – Regional and Urban Policy', kind: 'eu-institution' },
  { slug: 'dg-cnect', name: 'DG CNECT – Communications Networks, Content and Technology', kind: 'eu-institution' },
  { slug: 'dg-grow', name: 'DG GROW – Internal Market, Industry, Entrepreneurship and SMEs', kind: 'eu-institution' },
  { slug: 'urbact', name: 'URBACT', kind: 'network', website: 'https://urbact.eu' },
  { slug: 'espon', name: 'ESPON', kind: 'research', website: 'https://www.espon.eu' },
  { slug: 'commission-data-unit', name: 'European Commission – Data Unit', kind: 'eu-institution' },
];

export async function seedOrganisations(db: Kysely<Database>): Promise<void> {
  for (const organisation of ORGANISATIONS) await insertOrganisation(db, organisation);
}
