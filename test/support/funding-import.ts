// Test support for the funding import: files of many items (some made bad on purpose), counting what
// the register holds, and a programme to belong to.
import type { Urbis } from '../../src/app.js';
import { toCsv } from '../../src/core/csv.js';

export const ITEMS_HEADER = [
  'external_id',
  'programme',
  'kind',
  'title',
  'summary',
  'opens_at',
  'deadlines',
  'time_zone',
  'budget_eur',
  'eligible_countries',
  'topics',
];

/** One good row of an items file: the n-th call of the "Test programme". */
export function itemRow(n: number): string[] {
  const month = String((n % 12) + 1).padStart(2, '0');
  return [
    `test-${n}`,
    'test-programme',
    'call',
    `Call number ${n}`,
    `An invented call for the import's tests (${n}).`,
    `2027-${month}-01T09:00`,
    `2028-${month}-15T17:00|Stage 1; 2028-${month}-28T17:00|Stage 2`,
    'Europe/Prague',
    String(100_000 + n),
    n % 2 ? 'CZ; SK' : 'DE',
    n % 3 ? 'Digital transition' : 'Air quality; Digital transition',
  ];
}

/** A CSV file of `count` items; `change(n, row)` may spoil the n-th (from 1) row. */
export function itemsCsv(count: number, change: (n: number, row: string[]) => void = () => {}): Buffer {
  const rows: string[][] = [ITEMS_HEADER];
  for (let n = 1; n <= count; n++) {
    const row = itemRow(n);
    change(n, row);
    rows.push(row);
  }
  return Buffer.from(toCsv(rows));
}

/** Sets a column of a row of `itemRow`'s columns. */
export function setCell(row: string[], column: string, value: string): void {
  row[ITEMS_HEADER.indexOf(column)] = value;
}

/** How many items, versions, deadlines, taggings of items and audit entries the register holds. */
export async function registerCounts(urbis: Urbis) {
  const { db } = urbis.ctx;
  const count = async (
    table: 'funding_opportunities' | 'funding_versions' | 'funding_deadlines' | 'funding_programmes',
  ) =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const audit = await db
    .selectFrom('core_audit_log')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('action', 'like', 'funding.%')
    .executeTakeFirstOrThrow();
  return {
    items: await count('funding_opportunities'),
    versions: await count('funding_versions'),
    deadlines: await count('funding_deadlines'),
    programmes: await count('funding_programmes'),
    audit: Number(audit.n),
  };
}
