import cliProgress from 'cli-progress';
import type { DatabaseHandle } from '../core/db/connect.js';
import type { ModuleContext } from '../core/module.js';
import {
  BENCH_POSTS,
  SYNTHETIC_DEFAULTS,
  SyntheticRefused,
  seedSynthetic,
  type SyntheticOptions,
} from './synthetic.js';

/** The command-line options of `urbis seed --synthetic`, by commander's names, with their flags. */
export const SYNTHETIC_FLAGS = {
  posts: '--posts',
  comments: '--comments',
  users: '--users',
  partnerships: '--partnerships',
  tags: '--tags',
  meetings: '--meetings',
  registrations: '--registrations',
  actions: '--actions',
  actionVersions: '--action-versions',
  opportunities: '--opportunities',
  randomSeed: '--random-seed',
} as const;

export type SyntheticFlag = keyof typeof SYNTHETIC_FLAGS;

/** The option descriptions for `urbis seed --help`. */
export const SYNTHETIC_HELP: Record<SyntheticFlag, string> = {
  posts: 'with --synthetic: how many posts, besides the two benchmark posts',
  comments: 'with --synthetic: how many comments, besides the 1,050 under the benchmark posts',
  users: 'with --synthetic: how many new accounts (password urbis-demo-2026)',
  partnerships: 'with --synthetic: how many new partnerships',
  tags: 'with --synthetic: how many new tags',
  meetings: 'with --synthetic: how many meetings (numbered after those of each partnership)',
  registrations: 'with --synthetic: how many registrations for those meetings',
  actions: "with --synthetic: how many actions in each new partnership's plan",
  actionVersions: "with --synthetic: how many versions in each of those actions' history (its creation included)",
  opportunities: 'with --synthetic: how many items of the funding register (calls, tenders, policies …)',
  randomSeed: 'with --synthetic: the seed of the random choices (the same seed makes the same data)',
};

/** A count from the command line: digits only. Returns the problem as one line, or the number. */
export function parseCount(flag: string, raw: string): number | string {
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value))
    return `${flag} must be a whole number, 0 or more (got "${raw}").`;
  return value;
}

/** The options of a synthetic load from commander's strings, or the first problem as one line. */
export function parseSyntheticOptions(raw: Partial<Record<SyntheticFlag, string>>): SyntheticOptions | string {
  const parsed: SyntheticOptions = { ...SYNTHETIC_DEFAULTS };
  for (const [key, flag] of Object.entries(SYNTHETIC_FLAGS) as [SyntheticFlag, string][]) {
    const value = raw[key];
    if (value === undefined) continue;
    const count = parseCount(flag, value);
    if (typeof count === 'string') return count;
    parsed[key] = count;
  }
  return parsed;
}

const numberFormat = new Intl.NumberFormat('en');

/**
 * Loads the synthetic data set with a progress bar on stderr (when it is a terminal and
 * `progress` is on), then prints one summary line. Returns the exit code: 0, or 1 when the
 * database already holds synthetic data (or has nothing to attach it to).
 */
export async function runSyntheticSeed(
  ctx: ModuleContext,
  database: DatabaseHandle,
  options: SyntheticOptions,
  progress: boolean,
): Promise<number> {
  const bar = progress
    ? new cliProgress.SingleBar(
        {
          format:
            'Synthetic data {bar} {percentage}% | {value}/{total} users, ' +
            'posts, comments, meetings, actions and funding items | {duration_formatted} (about {eta_formatted} to go)',
          stream: process.stderr,
          hideCursor: true,
          clearOnComplete: true,
          etaBuffer: 200,
          fps: 5,
        },
        cliProgress.Presets.shades_classic,
      )
    : null;
  let started = false;
  try {
    const result = await seedSynthetic(ctx, database, {
      ...options,
      onProgress: (done, total) => {
        if (!bar) return;
        if (!started) {
          bar.start(total, done);
          started = true;
        } else bar.update(done);
      },
    });
    bar?.stop();
    const n = (value: number) => numberFormat.format(value);
    console.log(
      `Synthetic data loaded: ${n(result.posts)} posts, ${n(result.comments)} comments, ` +
        `${n(result.users)} users, ${n(result.partnerships)} partnerships, ${n(result.tags)} tags, ` +
        `${n(result.meetings)} meetings, ${n(result.registrations)} registrations, ` +
        `${n(result.actions)} actions with ${n(result.actionVersions)} versions, ` +
        `${n(result.opportunities)} funding opportunities in ${result.seconds.toFixed(1)} s; benchmark posts: ` +
        `/en/partnerships/${result.benchPartnership}/news/{${BENCH_POSTS.map((p) => p.slug).join(',')}}.`,
    );
    return 0;
  } catch (error) {
    bar?.stop();
    if (error instanceof SyntheticRefused) {
      console.error(`Urbis cannot load synthetic data: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
