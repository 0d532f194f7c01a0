import { isSignedIn } from '../../core/auth/actor.js';
import type { ContentAudience } from '../../core/module.js';
import { mayManage, type Standing } from '../partnerships/index.js';
import type { PlaybookState } from './playbooks.tables.js';

/** What the rules need to know of a playbook. */
export interface PlaybookFacts {
  partnershipId: number;
  state: PlaybookState;
}

/** What the rules need to know of an export. */
export interface ExportFacts {
  requesterId: number;
}

const among = (ids: readonly number[] | 'all', id: number) => ids === 'all' || ids.includes(id);

/**
 * The one rule of who sees a playbook (every surface applies it: the list, a playbook's page, its
 * exports, `contentTypes.playbook` for tag pages, the activity stream and search, the API): a
 * published playbook everyone; a draft its partnership's coordinators (and administrators). Anyone
 * else gets the 404 of a missing page. `visiblePlaybooks` (playbooks.visibility.ts) says the same as a
 * query filter; a test holds them to agree.
 */
export const maySee = (a: ContentAudience, p: PlaybookFacts): boolean =>
  p.state === 'published' || among(a.editorOf, p.partnershipId);

/** A reader's standing in a partnership as the audience of its playbooks. */
export const audienceIn = (s: Standing, partnershipId: number): ContentAudience => ({
  membersOf: [],
  editorOf: mayManage(s) ? [partnershipId] : [],
  userId: isSignedIn(s.actor) ? s.actor.id : null,
});

/**
 * Who may write, edit, translate, publish and unpublish a partnership's playbooks: its coordinators (and
 * administrators).
 */
export const mayEdit = (s: Standing): boolean => mayManage(s);

/** Who may publish a draft. */
export const mayPublish = (s: Standing, p: PlaybookFacts): boolean => p.state === 'draft' && mayEdit(s);

/** Who may take a published playbook back to a draft. */
export const mayUnpublish = (s: Standing, p: PlaybookFacts): boolean => p.state === 'published' && mayEdit(s);

/** Who may export a playbook for their city: anyone signed in who sees it. */
export const mayExport = (s: Standing, p: PlaybookFacts): boolean =>
  isSignedIn(s.actor) && maySee(audienceIn(s, p.partnershipId), p);

/** Who sees an export, its state and its files: the person who asked for it, and administrators. */
export const maySeeExport = (s: Standing, e: ExportFacts): boolean =>
  isSignedIn(s.actor) && (s.actor.isAdmin || s.actor.id === e.requesterId);
