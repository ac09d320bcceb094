import { runScenario } from "./scenario.js";

const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: number, text: string) =>
  useColor ? `\x1b[${code}m${text}\x1b[0m` : text;

console.log(
  "wxnotify demo: a node:http shop on @wxnotify/core receives notifications",
);
console.log(
  "signed by the built-in test merchant of @wxnotify/testing (test keys only).\n",
);

const { deliveries, orders } = await runScenario((line) =>
  console.log(paint(90, `  log ${JSON.stringify(line)}`)),
);
let wrong = 0;
for (const delivery of deliveries) {
  const verdict = delivery.acknowledged
    ? paint(32, "acknowledged")
    : paint(33, "not acknowledged — WeChat Pay would retry or show an error");
  const ok = delivery.acknowledged === delivery.expected;
  if (!ok) wrong++;
  console.log(
    `${ok ? "✓" : "✗"} ${delivery.name}: HTTP ${delivery.status} ${verdict}`,
  );
  if (delivery.body)
    console.log(paint(90, `    ${delivery.body.slice(0, 160)}`));
}
console.log("\norders:", JSON.stringify([...orders.values()]));
if (wrong > 0) {
  console.error(`\n${wrong} deliveries were answered unexpectedly`);
  process.exit(1);
}
console.log(
  "\nevery genuine notification was acknowledged; every forged one was refused",
);
