// Measures each open proposal in PROPOSALS on a patched copy of
// packages/core, interleaved with an unpatched copy (the baseline) and the
// hand-written limit, on the in-process scenarios, through verify() or with
// --handle through handlePaid()/handleRefunded():
//   pnpm exec tsx src/experiments/run-experiments.ts [--handle] [scenario…]
import { createNotifier as distCreateNotifier } from "@wxnotify/core";
import { createScenarios } from "../in-process.js";
import { createInputs } from "../inputs.js";
import { runAb, type Contender } from "./ab.js";
import { importCopy, makeCoreCopy } from "./core-copy.js";
import { PROPOSALS } from "./proposals.js";

const args = process.argv.slice(2);
const handle = args.includes("--handle");
const only = args.filter((arg) => !arg.startsWith("--"));
const open = PROPOSALS.filter((p) => p.status === "proposed");
const inputs = createInputs();
const scenarios = createScenarios(inputs).filter(
  (s) => only.length === 0 || only.includes(s.id),
);

const copies: { name: string; createNotifier: typeof distCreateNotifier }[] = [
  { name: "core dist (as built)", createNotifier: distCreateNotifier },
  {
    name: "core copy, unpatched (baseline)",
    createNotifier: (await importCopy(makeCoreCopy("baseline", [])))
      .createNotifier,
  },
];
for (const proposal of open) {
  copies.push({
    name: `+ ${proposal.id}`,
    createNotifier: (
      await importCopy(makeCoreCopy(proposal.id, proposal.patches))
    ).createNotifier,
  });
}
// With a single open proposal, "all" is that one again: skip it.
if (open.length > 1)
  copies.push({
    name: "+ all proposals",
    createNotifier: (
      await importCopy(
        makeCoreCopy(
          "all",
          open.flatMap((p) => p.patches),
        ),
      )
    ).createNotifier,
  });

for (const scenario of scenarios) {
  const expect = scenario.id === "v2-refund" ? "refunded" : "paid";
  const input = scenario.input;
  const limit = scenario.implementations.find((i) => i.role === "limit")!;
  const contenders: Contender[] = copies.map(({ name, createNotifier }) => {
    const notifier = createNotifier(inputs.config);
    const ack = () => true as const;
    return {
      name,
      run: handle
        ? expect === "refunded"
          ? () => notifier.handleRefunded(input, ack)
          : () => notifier.handlePaid(input, ack)
        : () => notifier.verify(input, { expect }),
    };
  });
  contenders.splice(1, 0, { name: "limit", run: () => limit.run(input) });
  // Every contender must accept the input before it is measured.
  for (const contender of contenders) await contender.run();
  const results = await runAb(contenders, {
    rounds: scenario.id === "v3-paid" ? 15 : 9,
    msPerRound: scenario.id === "v3-paid" ? 400 : 250,
  });
  const baseline = results.find((r) => r.name.includes("baseline"))!;
  const limitResult = results.find((r) => r.name === "limit")!;
  console.log(
    `\n${scenario.id}: ${handle ? "handle…()" : "verify()"}, median of interleaved rounds`,
  );
  console.log(
    "| variant | ops/s | × baseline copy | × limit |\n| --- | ---: | ---: | ---: |",
  );
  for (const r of results) {
    console.log(
      `| ${r.name} | ${Math.round(r.opsPerSec).toLocaleString("en-US")} | ${(r.paired.median / baseline.paired.median).toFixed(2)} | ${(r.paired.median / limitResult.paired.median).toFixed(2)} |`,
    );
  }
}
