/**
 * Summarizes a V8 CPU profile (`node --cpu-prof`): the functions with the
 * most self time and the most inclusive time (the function and what it
 * calls), as a percentage of the samples.
 *
 *   node build/bench/profile/summarize.js <file.cpuprofile> [top=30] [text to filter by]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const [file, topText = '30', filter] = process.argv.slice(2);
if (!file) {
  console.error('usage: summarize.js <file.cpuprofile> [top] [filter]');
  process.exit(2);
}
const top = Number(topText);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const timeOf = new Map<number, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  timeOf.set(id, (timeOf.get(id) ?? 0) + dt);
  total += dt;
});

const label = (n: ProfileNode) => {
  const url = n.callFrame.url.replace(/^.*\/node_modules\//, '').replace(/^.*\/build\//, '');
  return `${n.callFrame.functionName || '(anonymous)'} ${url}:${n.callFrame.lineNumber + 1}`;
};
const self = new Map<string, number>();
const inclusive = new Map<string, number>();
for (const [id, time] of timeOf) {
  const node = byId.get(id) as ProfileNode;
  self.set(label(node), (self.get(label(node)) ?? 0) + time);
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const l = label(byId.get(cur) as ProfileNode);
    if (seen.has(l)) continue;
    seen.add(l);
    inclusive.set(l, (inclusive.get(l) ?? 0) + time);
  }
}

function show(title: string, times: Map<string, number>): void {
  console.log(`--- ${title}`);
  const shown = [...times]
    .filter(([l]) => filter === undefined || l.includes(filter))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top);
  for (const [l, t] of shown) console.log(`${((100 * t) / total).toFixed(1).padStart(5)}%  ${l}`);
}

console.log(`${(total / 1000).toFixed(0)} ms sampled`);
show('self time', self);
show('inclusive time', inclusive);
