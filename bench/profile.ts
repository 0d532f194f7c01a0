/**
 * Where the time went in a V8 CPU profile (`npm run bench -- --cpu-prof` writes one):
 *
 *   node --import tsx bench/profile.ts bench/results/profile-<timestamp>[/<file>.cpuprofile] [--top 30]
 *
 * Given a folder, it reads the biggest profile in it: Node writes one per thread, and the
 * main thread's (where requests are served) is the big one; tsx's loader thread is small.
 * Prints self time by package (or src/ folder), then the functions with the most self time
 * and the most total time (time with them on the stack, counted once per stack).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { table } from './lib.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const { values, positionals } = parseArgs({
  options: { top: { type: 'string', default: '30' } },
  allowPositionals: true,
});
const given = positionals[0];
if (!given) {
  console.error('usage: node --import tsx bench/profile.ts <file.cpuprofile> [--top 30]');
  process.exit(2);
}
const top = Number(values.top) || 30;
const file = statSync(given).isDirectory()
  ? readdirSync(given)
      .filter((name) => name.endsWith('.cpuprofile'))
      .map((name) => path.join(given, name))
      .sort((a, b) => statSync(b).size - statSync(a).size)[0]
  : given;
if (!file) {
  console.error(`no .cpuprofile in ${given}`);
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

// Self time per node: each sample's interval is the delta to the next sample.
const self = new Map<number, number>();
for (let i = 0; i < profile.samples.length; i++) {
  const delta = profile.timeDeltas[i + 1] ?? 0;
  const id = profile.samples[i]!;
  self.set(id, (self.get(id) ?? 0) + delta);
}
const total = [...self.values()].reduce((a, b) => a + b, 0);

/** `fastify`, `@fastify/compress`, `src/core/http`, `node:internal`, `(program)`… */
function area(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (inModules) return inModules[1]!;
  if (url.startsWith('node:')) return url.startsWith('node:internal') ? 'node:internal' : url;
  const inSrc = /\/(src\/(?:core\/[^/]+|modules\/[^/]+|[^/]+))/.exec(url);
  if (inSrc) return inSrc[1]!.replace(/\.(ts|tsx|js)$/, '');
  return url.replace(/^file:\/\//, '');
}

function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url
    ? `${url.replace(/^file:\/\/.*?node_modules\//, '').replace(/^file:\/\/.*?\/(src|bench)\//, '$1/')}:${lineNumber + 1}`
    : '';
  const text = `${functionName || '(anonymous)'} ${where}`.trim();
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}

const byArea = new Map<string, number>();
const selfByFunction = new Map<string, number>();
for (const [id, ms] of self) {
  const node = byId.get(id)!;
  const key = area(node.callFrame.url, node.callFrame.functionName);
  byArea.set(key, (byArea.get(key) ?? 0) + ms);
  selfByFunction.set(label(node), (selfByFunction.get(label(node)) ?? 0) + ms);
}

// Total time per function: walk up each sample's stack, count each function once.
const totalByFunction = new Map<string, number>();
for (const [id, ms] of self) {
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const name = label(byId.get(at)!);
    if (seen.has(name)) continue;
    seen.add(name);
    totalByFunction.set(name, (totalByFunction.get(name) ?? 0) + ms);
  }
}

const percent = (us: number) => `${((100 * us) / total).toFixed(1)}%`;
const rows = (map: Map<string, number>, n: number) =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, us]) => [percent(us), `${(us / 1000).toFixed(0)} ms`, name]);

console.log(`${file}: ${(total / 1e6).toFixed(2)} s sampled, ${profile.samples.length} samples\n`);
console.log('Self time by area:');
console.log(table(rows(byArea, top)));
console.log('\nSelf time by function:');
console.log(table(rows(selfByFunction, top)));
console.log('\nTotal time by function (on the stack):');
console.log(table(rows(totalByFunction, top)));
