/**
 * The database's tables. Each module adds its own tables to this interface by
 * declaration merging in its `<name>.schema.ts`:
 *
 *   declare module '../../core/db/types.js' { interface Database { partnerships: PartnershipTable } }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Database {}
