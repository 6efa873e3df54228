/**
 * `npm run bench:profile -- [scenario] [connections] [seconds]`: runs one load scenario against a
 * server started with V8's CPU profiler and prints where the server's time went — by function,
 * by file of ours and by package — so a change can be aimed at the largest cost.
 *
 *   npm run bench:profile -- send 8 10        the send scenario, 8 connections, 10 s
 *   scenarios: send, inbox, list, open (or any prefix of a scenario's name in bench/harness.ts)
 *
 * Uses the data set of `npm run bench` (BENCH_SCALE, default small; generated when missing).
 * The .cpuprofile file is kept (its path is printed) for Chrome DevTools or speedscope.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generate, SCALES } from './generate.ts';
import { benchDatabase, cpuMs, ensureDatabase, scenarios, SIGNED_IN, startServer } from './harness.ts';
import { runLoad } from './load.ts';
import { createFixtures } from './setup.ts';
import { runWrk, wrkAvailable } from './wrk.ts';

const ALIASES: Record<string, string> = { send: 'citizen sends', inbox: 'team inbox', list: "citizen's thread list", open: 'clinician opens' };

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame belongs: a package, a file of ours, Node itself, or V8's own work. */
function owner(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith('node:')) return 'node:*';
  const i = url.indexOf('/src/');
  return i >= 0 ? url.slice(url.lastIndexOf('/', i - 1) + 1) : url;
}

function top(map: Map<string, number>, total: number, n: number): string[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${((v / total) * 100).toFixed(1).padStart(5)} %  ${(v / 1000).toFixed(0).padStart(6)} ms  ${k}`);
}

async function main(): Promise<void> {
  const [which = 'send', c = '8', s = '10'] = process.argv.slice(2);
  const scaleName = process.env.BENCH_SCALE ?? 'small';
  const { url, serveUrl } = benchDatabase(scaleName);
  await ensureDatabase(url);
  await generate(url, SCALES[scaleName]!);
  const f = await createFixtures(url, Math.min(SIGNED_IN, SCALES[scaleName]!.citizens));
  const all = scenarios(f);
  const prefix = ALIASES[which] ?? which;
  const name = Object.keys(all).find((k) => k.startsWith(prefix));
  if (!name) throw new Error(`No scenario starts with "${prefix}"; choose one of: ${Object.keys(ALIASES).join(', ')}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hd-profile-'));
  const server = await startServer(serveUrl, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=250']);
  await runLoad(server.port, 8, 2, all[name]!); // warm-up
  const cpu0 = cpuMs(server.child.pid!);
  const r = wrkAvailable() ? runWrk(server.port, Number(c), Number(s), all[name]!) : await runLoad(server.port, Number(c), Number(s), all[name]!);
  const cpu = cpuMs(server.child.pid!) - cpu0;
  await new Promise<void>((resolve) => {
    server.child.once('exit', () => resolve());
    server.child.kill('SIGTERM');
  });
  const file = fs.readdirSync(dir).find((x) => x.endsWith('.cpuprofile'));
  if (!file) throw new Error('the server wrote no profile');
  const p = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as CpuProfile;
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const byFunction = new Map<string, number>();
  const byOwner = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const n of p.nodes) {
    const t = self.get(n.id) ?? 0;
    if (!t) continue;
    if (n.callFrame.functionName === '(idle)') {
      idle += t;
      continue;
    }
    total += t;
    const o = owner(n.callFrame.url, n.callFrame.functionName);
    const fn = `${n.callFrame.functionName || '(anonymous)'}  ${o}:${n.callFrame.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + t);
    byOwner.set(o, (byOwner.get(o) ?? 0) + t);
  }
  console.log(`\n${name}: ${r.rps.toFixed(0)}/s at ${c} connections, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, errors ${r.errors}`);
  console.log(
    `server CPU ${(cpu / Math.max(1, r.requests)).toFixed(3)} ms/request (with the profiler on); JS busy ${(total / 1000).toFixed(0)} ms, idle ${(idle / 1000).toFixed(0)} ms`,
  );
  console.log('\nBy package or file (self time):');
  console.log(top(byOwner, total, 25).join('\n'));
  console.log('\nBy function (self time):');
  console.log(top(byFunction, total, 40).join('\n'));
  // Inclusive time of our own functions and of the frameworks' entry points: what each step costs with all it calls.
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const inclusive = new Map<string, number>();
  const walk = (id: number, onStack: Set<string>): number => {
    const n = byId.get(id)!;
    let t = n.callFrame.functionName === '(idle)' ? 0 : (self.get(id) ?? 0);
    const o = owner(n.callFrame.url, n.callFrame.functionName);
    const key = `${n.callFrame.functionName || '(anonymous)'}  ${o}:${n.callFrame.lineNumber + 1}`;
    const fresh = !onStack.has(key);
    if (fresh) onStack.add(key);
    for (const c of n.children ?? []) t += walk(c, onStack);
    if (fresh) {
      onStack.delete(key);
      if (n.callFrame.url.includes('/server/src/') || /fastify|kysely|zod|pg\b/.test(o)) inclusive.set(key, (inclusive.get(key) ?? 0) + t);
    }
    return t;
  };
  walk(p.nodes[0]!.id, new Set());
  console.log('\nInclusive time (our code, Fastify, Kysely, zod, pg):');
  console.log(top(inclusive, total, 50).join('\n'));
  console.log(`\nProfile: ${path.join(dir, file)}`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
