import type { Generated } from 'kysely';
import { ORGANISATION_KINDS, SIZE_BANDS } from '../organisations/index.js';

/** What an item of the pipeline is. The first four fund; the last two are the "policy" half. */
export const OPPORTUNITY_KINDS = ['call', 'tender', 'prize', 'technical_assistance', 'initiative', 'policy'] as const;
export type OpportunityKind = (typeof OPPORTUNITY_KINDS)[number];
/** Kinds that are not money to apply for: they have a stage rather than a budget. */
export const POLICY_KINDS: readonly OpportunityKind[] = ['initiative', 'policy'];
/** Where a policy or an initiative stands. */
export const POLICY_STAGES = ['announced', 'consultation', 'proposal', 'adopted', 'implementation'] as const;
export type PolicyStage = (typeof POLICY_STAGES)[number];
/** Published: in the register. Suggested: by a member, waiting for an editor. Rejected: by an editor. */
export const OPPORTUNITY_STATES = ['published', 'suggested', 'rejected'] as const;
export type OpportunityState = (typeof OPPORTUNITY_STATES)[number];
/** Worked out from the dates and the clock (`statusAt`), never stored. */
export const OPPORTUNITY_STATUSES = ['forthcoming', 'open', 'closing_soon', 'closed'] as const;
export type OpportunityStatus = (typeof OPPORTUNITY_STATUSES)[number];
/** The dimensions of who may apply. */
export const ELIGIBILITY_DIMENSIONS = ['kind', 'country', 'size'] as const;
export type EligibilityDimension = (typeof ELIGIBILITY_DIMENSIONS)[number];
export const ELIGIBLE_KINDS = ORGANISATION_KINDS;
export const ELIGIBLE_SIZES = SIZE_BANDS;

/** ISO 3166-1 alpha-2 codes of countries and territories (and XK, Kosovo, as the EU writes it). */
export const COUNTRY_CODES: ReadonlySet<string> = new Set(
  [
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS',
    'BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE',
    'EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM',
    'HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC',
    'LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA',
    'NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW',
    'SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO',
    'TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW',
  ]
    .join(' ')
    .split(' '),
);

/** A programme (Horizon Europe, URBACT IV): its own record, which opportunities belong to. */
export interface FundingProgrammeTable {
  id: Generated<number>;
  slug: string;
  name: string;
  /** The programming period, in years (2021–2027). */
  period_from: number | null;
  period_to: number | null;
  budget_eur: number | null;
  /** What the budget is when it is not one figure ("at least 8 % of the ERDF to urban development"). */
  budget_note: Generated<string>;
  /** The Commission service or body that runs it ("DG CNECT"). */
  managing_service: Generated<string>;
  url: string | null;
  description: Generated<string>;
  created_at: string;
  updated_at: string;
}

/** An item of the register: a call, tender, prize, initiative, policy or technical assistance. */
export interface FundingOpportunityTable {
  id: Generated<number>;
  external_id: string | null;
  programme_id: number | null;
  kind: OpportunityKind;
  state: OpportunityState;
  suggested_by: number | null;
  original_lang: string;
  title: string;
  summary: string;
  /** Markdown. */
  body: string;
  stage: PolicyStage | null;
  /** When it opens (an instant); null: open since it was announced. */
  opens_at: string | null;
  /** Its last deadline (an instant, kept from `funding_deadlines`); null: no deadline. */
  closes_at: string | null;
  /** The zone its dates are announced in (IANA): "17:00 Brussels time". */
  time_zone: string;
  budget_eur: number | null;
  /** Typical grant size: from … to (whole euros). */
  grant_min_eur: number | null;
  grant_max_eur: number | null;
  /** Per cent of the costs paid (0–100). */
  cofinancing_rate: number | null;
  url: string | null;
  contact: Generated<string>;
  /** The number of its latest version (a form sends it back: a save over someone else's is refused). */
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

/** One deadline of an opportunity; a multi-stage call has several, in order. */
export interface FundingDeadlineTable {
  opportunity_id: number;
  position: number;
  at: string;
  label: Generated<string>;
}

/** One value a dimension of who may apply allows (`kind` `city`, `country` `CZ`, `size` `small`). */
export interface FundingEligibilityTable {
  opportunity_id: number;
  dimension: EligibilityDimension;
  value: string;
}

/** One change of an opportunity: who, when, why, and a JSON snapshot after it. */
export interface FundingVersionTable {
  id: Generated<number>;
  opportunity_id: number;
  version: number;
  at: string;
  user_id: number | null;
  explanation: string;
  snapshot: string | object;
}

/** The platform role "funding editor". */
export interface FundingEditorTable {
  user_id: number;
  granted_at: string;
  granted_by: number | null;
}

declare module '../../core/db/types.js' {
  interface Database {
    funding_programmes: FundingProgrammeTable;
    funding_opportunities: FundingOpportunityTable;
    funding_deadlines: FundingDeadlineTable;
    funding_eligibility: FundingEligibilityTable;
    funding_versions: FundingVersionTable;
    funding_editors: FundingEditorTable;
  }
}
