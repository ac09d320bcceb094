// Summarizes a .cpuprofile: self time by function and by source file.
//   tsx src/experiments/summarize-profile.ts results/tmp/prof/CPU.*.cpuprofile
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const file = process.argv[2];
if (!file) throw new Error("usage: summarize-profile <file.cpuprofile> [top]");
const top = Number(process.argv[3] ?? 25);
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const self = new Map<number, number>();
profile.samples.forEach((id, i) => {
  self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const total = [...self.values()].reduce((a, b) => a + b, 0);
const byFunction = new Map<string, number>();
const byFile = new Map<string, number>();
for (const [id, time] of self) {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  const short = url.replace(/^.*\/(node_modules|packages)\//, "$1/");
  const key = `${functionName || "(anonymous)"}  ${short}:${lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + time);
  const fileKey = short || functionName;
  byFile.set(fileKey, (byFile.get(fileKey) ?? 0) + time);
}
const show = (title: string, map: Map<string, number>) => {
  console.log(
    `\n${title} (self time, ${(total / 1000).toFixed(0)} ms sampled)`,
  );
  for (const [key, time] of [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)) {
    console.log(`${((100 * time) / total).toFixed(1).padStart(5)}%  ${key}`);
  }
};
show("By function", byFunction);
show("By file", byFile);

// Inclusive time of every function whose file matches the filter (third
// argument), e.g. "packages/core" or ".experiments/all": where a call goes.
const filter = process.argv[4];
if (filter) {
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const inclusive = new Map<string, number>();
  for (const [id, time] of self) {
    const seen = new Set<string>();
    for (
      let at: number | undefined = id;
      at !== undefined;
      at = parent.get(at)
    ) {
      const { functionName, url } = byId.get(at)!.callFrame;
      if (!url.includes(filter)) continue;
      const key = `${functionName || "(anonymous)"}  ${url.replace(/^.*\//, "")}`;
      if (seen.has(key)) continue; // recursion counts once
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + time);
    }
  }
  show(`Inclusive time, functions in files matching ${filter}`, inclusive);
}
