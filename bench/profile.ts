/**
 * Where the time went in a V8 CPU profile (`npm run bench -- --cpu-prof` writes one):
 *
 *   node --import tsx bench/profile.ts bench/results/profile-<timestamp>[/<file>.cpuprofile] [--top 30]
 *
 * Given a folder, it reads the biggest profile in it: Node writes one per thread, and the
 * main thread's (where requests are served) is the big one; tsx's loader thread is small.
 *
 * Shares are of the time Urbis was busy serving: the samples before the first request (the
 * start: loading modules, building the app) and the idle ones (while the bare server had the
 * load) are left out. It prints self time by group (the SQLite driver, zlib, Preact, Fastify,
 * Node's HTTP, garbage collection, Urbis's code…), Urbis's own code by file, the functions with
 * the most self time, and those with the most total time (time on the stack, once per stack).
 * Native functions (a socket write, a regular expression, SQLite's C code) count for the group
 * of the JavaScript that called them; SQLite's, for the SQLite group.
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
  console.error('usage: node --import tsx bench/profile.ts <file.cpuprofile | folder> [--top 30]');
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

/** The frame whose code a sample counts for: itself, or for a native function the nearest JavaScript caller. */
function owner(id: number): ProfileNode {
  const node = byId.get(id)!;
  if (node.callFrame.url || node.callFrame.functionName.startsWith('(')) return node;
  for (let at = parent.get(id); at !== undefined; at = parent.get(at)) {
    const up = byId.get(at)!;
    if (up.callFrame.url) return up;
  }
  return node;
}

/** Fastify and the packages it runs on every request (routing, validation, serialisation, cookies…). */
const FASTIFY = new Set(
  [
    'fastify find-my-way fast-json-stringify ajv ajv-formats avvio light-my-request fast-querystring fast-uri',
    'secure-json-parse toad-cache fastq rfdc json-schema-ref-resolver process-warning abstract-logging',
    'fast-decode-uri-component ret safe-regex2 cookie content-type proxy-addr forwarded',
  ]
    .join(' ')
    .split(' '),
);

const SQLITE = 'SQLite (better-sqlite3 statements, from Kysely or src/core/db/prepared)';
const OURS = 'Urbis (src/)';

/** The group a frame's own code belongs to. */
function group(node: ProfileNode): string {
  const { url, functionName } = node.callFrame;
  if (functionName === '(garbage collector)') return 'garbage collection';
  if (functionName === '(program)') return '(program: V8 and native code outside JavaScript)';
  if (!url) return functionName.startsWith('(') ? functionName : '(native, no caller)';
  // better-sqlite3 runs statements in native code, which the profile counts for the JavaScript
  // that called it: Kysely's SQLite driver, or src/core/db/prepared.ts, which runs kept statements
  // straight (its self time is SQLite's, less a few map lookups).
  if (
    /node_modules\/better-sqlite3\/|kysely\/dist\/esm\/dialect\/sqlite\/sqlite-driver|\/core\/db\/prepared\./.test(url)
  )
    return SQLITE;
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (inModules) {
    if (inModules === 'kysely') return 'Kysely (building and compiling queries)';
    if (inModules === 'preact' || inModules === 'preact-render-to-string') return 'Preact (render to string)';
    if (FASTIFY.has(inModules) || inModules.startsWith('@fastify/'))
      return 'Fastify (routing, hooks, validation, serialisation, plugins)';
    if (inModules === 'pino' || inModules === 'sonic-boom') return 'pino (logging)';
    if (inModules.startsWith('@formatjs/') || inModules === 'intl-messageformat') return 'messages (formatjs)';
    return inModules;
  }
  if (url === 'node:zlib') return 'zlib (compression)';
  if (/^node:(_http_|net$|internal\/stream_base_commons|internal\/streams|stream)/.test(url))
    return "Node's HTTP and sockets";
  if (url === 'node:buffer' || url === 'node:internal/buffer') return "Node's Buffer (encoding text)";
  if (url.startsWith('node:')) return 'Node (other)';
  if (ourFile(url)) return OURS;
  return url.replace(/^file:\/\//, '');
}

/** `src/core/views/render` for dist/core/views/render.js or src/core/views/render.ts, else null. */
function ourFile(url: string): string | null {
  const match = /\/(?:dist|src)\/(.+)\.(?:js|mjs|ts|tsx)$/.exec(url);
  return match && !url.includes('/node_modules/') ? `src/${match[1]}` : null;
}

function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const short = url.replace(/^file:\/\/.*?node_modules\//, '').replace(/^file:\/\/.*?\/(src|dist|bench)\//, '$1/');
  const where = url ? `${short}:${lineNumber + 1}` : '';
  const text = `${functionName || '(anonymous)'} ${where}`.trim();
  return text.length > 100 ? `${text.slice(0, 99)}…` : text;
}

/** Whether any frame of the stack is a function of Node's HTTP server (not its module loading): a request. */
function serving(id: number): boolean {
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const { url, functionName } = byId.get(at)!.callFrame;
    if (url === 'node:_http_server' && functionName) return true;
  }
  return false;
}

// Self time per sample: each sample's interval is the delta to the next sample. The start is
// everything before the first sample that serves a request.
let startMs = 0;
let idleMs = 0;
let started = false;
const self = new Map<number, number>();
for (let i = 0; i < profile.samples.length; i++) {
  const us = profile.timeDeltas[i + 1] ?? 0;
  const id = profile.samples[i]!;
  if (!started && serving(id)) started = true;
  if (!started) {
    startMs += us / 1000;
    continue;
  }
  if (byId.get(id)!.callFrame.functionName === '(idle)') {
    idleMs += us / 1000;
    continue;
  }
  self.set(id, (self.get(id) ?? 0) + us);
}
const busy = [...self.values()].reduce((a, b) => a + b, 0);

const add = (map: Map<string, number>, key: string, us: number) => map.set(key, (map.get(key) ?? 0) + us);
const byGroup = new Map<string, number>();
const byFile = new Map<string, number>();
const selfByFunction = new Map<string, number>();
const groupOfFunction = new Map<string, string>();
for (const [id, us] of self) {
  const node = byId.get(id)!;
  const counted = owner(id);
  const key = group(counted);
  add(byGroup, key, us);
  const ours = ourFile(counted.callFrame.url);
  if (ours && key === OURS) add(byFile, ours, us);
  const name = node === counted ? label(node) : `${label(node)} ← ${label(counted)}`;
  add(selfByFunction, name, us);
  groupOfFunction.set(name, key);
}

// Total time per function: walk up each sample's stack, count each function once.
const totalByFunction = new Map<string, number>();
for (const [id, us] of self) {
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const name = label(byId.get(at)!);
    if (seen.has(name)) continue;
    seen.add(name);
    add(totalByFunction, name, us);
  }
}

const percent = (us: number) => `${((100 * us) / busy).toFixed(1)}%`;
const rows = (map: Map<string, number>, n: number, extra?: (name: string) => string) =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, us]) => [percent(us), `${(us / 1000).toFixed(0)} ms`, name, ...(extra ? [extra(name)] : [])]);

console.log(
  `${file}: ${((startMs + idleMs + busy / 1000) / 1000).toFixed(2)} s sampled, ${profile.samples.length} samples; ` +
    `left out: the start ${(startMs / 1000).toFixed(2)} s (before the first request), ` +
    `idle ${(idleMs / 1000).toFixed(2)} s; ` +
    `busy serving ${(busy / 1e6).toFixed(2)} s = 100 % below\n`,
);
console.log('Self time by group:');
console.log(table(rows(byGroup, top)));
console.log('\nUrbis (src/), self time by file (src/core/db/prepared counts as SQLite above):');
console.log(table(rows(byFile, top)));
console.log('\nSelf time by function (a native function ← the JavaScript that called it):');
console.log(table(rows(selfByFunction, top, (name) => groupOfFunction.get(name) ?? '')));
console.log('\nTotal time by function (on the stack):');
console.log(table(rows(totalByFunction, top)));
