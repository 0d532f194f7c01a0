// Changing an action, on both engines: each change appends a version (who, when, why, a snapshot)
// and an audit entry in its transaction; what the plan refuses names its field and stores nothing;
// progress derived from weighted deliverables; a merge needs an action of the same plan.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTestApp, forEachEngine } from '../../../test/helpers/app.js';
import { partnershipIdOf } from '../partnerships/index.js';
import * as q from './actions.queries.js';
import { eraseActionData, exportActionData } from './actions.privacy.js';
import { ActionChangeError, changeAction, createAction, derivedProgress } from './actions.service.js';

test('derived progress: the completed share of the weights, cancelled ones left out', () => {
  assert.equal(derivedProgress([]), 0);
  assert.equal(
    derivedProgress([
      { status: 'completed', weight: 3 },
      { status: 'planned', weight: 1 },
      { status: 'cancelled', weight: 10 },
    ]),
    75,
  );
});

forEachEngine('actions: changes and versions', (engine) => {
  test('a change appends a version; a refused one stores nothing', async (t) => {
    const { ctx } = await buildTestApp(t, engine, { demo: true });
    const db = ctx.db;
    const p = (await partnershipIdOf(db, 'digital-transition'))!;
    const at = '2020-01-10T10:00:00.000Z';
    const action = await createAction(
      db,
      { partnershipId: p, number: 16, title: 'A test action', lang: 'en', status: 'planned' },
      { userId: null, at },
    );
    assert.equal((await q.versionsOf(db, action.id)).length, 1);
    const count = async () => ({
      versions: (await q.versionsOf(db, action.id)).length,
      audit: (
        await db
          .selectFrom('core_audit_log')
          .select('id')
          .where('subject_type', '=', 'action')
          .where('subject_id', '=', String(action.id))
          .execute()
      ).length,
    });

    const refusals: [Parameters<typeof changeAction>[2], string][] = [
      [{ progress: 101 }, 'progress'],
      [{ progress: -1 }, 'progress'],
      [{ startsOn: '2020-05-01', endsOn: '2020-04-30' }, 'ends_on'],
      [{ startsOn: '2020-02-30' }, 'starts_on'],
      [{ status: 'merged' }, 'merged_into'],
      [{ status: 'merged', mergedInto: action.id }, 'merged_into'],
      [{ status: 'merged', mergedInto: 999_999 }, 'merged_into'],
      [
        {
          startsOn: '2020-01-01',
          endsOn: '2020-12-31',
          deliverables: [{ title: 'Late', type: 'report', status: 'planned', dueOn: '2021-01-31' }],
        },
        'deliverables/0/due_on',
      ],
      [
        { deliverables: [{ title: 'X', type: 'report', status: 'planned', evidenceUrl: 'javascript:alert(1)' }] },
        'deliverables/0/evidence_url',
      ],
      [
        { challenges: [{ description: 'X', impact: 'low', status: 'open', raisedOn: 'yesterday' }] },
        'challenges/0/raised_on',
      ],
    ];
    const before = await count();
    for (const [change, field] of refusals) {
      await assert.rejects(
        changeAction(db, action.id, { title: 'Changed', ...change }, { userId: null, at }),
        (e: unknown) => e instanceof ActionChangeError && e.field === field,
        field,
      );
    }
    assert.deepEqual(await count(), before);
    assert.equal((await q.findActionById(db, action.id))!.title, 'A test action');

    // A change with deliverables in `deliverables` mode: progress follows them; the version keeps it.
    const { version } = await changeAction(
      db,
      action.id,
      {
        progressMode: 'deliverables',
        status: 'in_progress',
        deliverables: [
          { title: 'One', type: 'report', status: 'completed', weight: 1 },
          { title: 'Two', type: 'tool', status: 'planned', weight: 3 },
        ],
      },
      { userId: null, at: '2020-02-01T10:00:00.000Z', explanation: 'First report out.' },
    );
    assert.equal(version, 2);
    const [latest] = await q.versionsOf(db, action.id, 1);
    assert.equal(latest!.explanation, 'First report out.');
    assert.equal(latest!.snapshot.progress, 25);
    assert.equal((latest!.snapshot.deliverables as unknown[]).length, 2);
    assert.equal((await q.findActionById(db, action.id))!.progress, 25);
    assert.deepEqual(await count(), { versions: before.versions + 1, audit: before.audit + 1 });

    // Merged into an action of the plan: the snapshot names it by number; another status clears it.
    const four = (await q.findActionByNumber(db, p, 4))!;
    await changeAction(db, action.id, { status: 'merged', mergedInto: four.id }, { userId: null, at });
    assert.equal((await q.versionsOf(db, action.id, 1))[0]!.snapshot.mergedInto, 4);
    await changeAction(db, action.id, { status: 'in_progress' }, { userId: null, at });
    assert.equal((await q.findActionById(db, action.id))!.mergedInto, null);
  });

  test('what the plan keeps about a person: exported, and forgotten on erasure', async (t) => {
    const { ctx } = await buildTestApp(t, engine, { demo: true });
    const kadri = (
      await ctx.db.selectFrom('users').select('id').where('handle', '=', 'kadri-saar').executeTakeFirstOrThrow()
    ).id;
    const data = (await exportActionData(ctx, kadri)) as { versions: { partnership: string; action: number }[] };
    assert.ok(data.versions.length >= 15);
    assert.ok(data.versions.every((v) => v.partnership === 'digital-transition'));
    await eraseActionData(ctx, kadri);
    assert.deepEqual(await exportActionData(ctx, kadri), { versions: [], evidenceFiles: [] });
  });
});
