/**
 * Runs every command of snippets/cli.sh (shown on the testing page) against
 * the node:http quick start, so the documented CLI usage stays valid.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orders } from "../snippets/orders.js";
import { server } from "../snippets/node/server.js";
import { listen } from "./http.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
// The built bin (what `npx wxnotify` runs), else the source through tsx.
const built = join(root, "packages/testing/dist/cli.mjs");
const [runner, cli] = existsSync(built)
  ? [process.execPath, built]
  : [
      join(root, "node_modules/.bin/tsx"),
      join(root, "packages/testing/src/cli.ts"),
    ];

const commands = readFileSync(
  new URL("../snippets/cli.sh", import.meta.url),
  "utf8",
)
  .split("\n")
  .filter((line) => line.startsWith("npx wxnotify "));

/** Exit status each documented command must end with (0: acknowledged). */
const expected = (command: string) => (command.includes("--tamper") ? 1 : 0);

describe("the wxnotify CLI as the testing page shows it", () => {
  let running: Awaited<ReturnType<typeof listen>>;
  const cwd = mkdtempSync(join(tmpdir(), "wxnotify-cli-"));
  beforeAll(async () => {
    running = await listen(server);
    await orders.create("A1", 100);
  });
  afterAll(() => running.close());

  it("lists commands", () => {
    expect(commands.length).toBeGreaterThanOrEqual(8);
  });

  it.each(commands)("%s", async (command) => {
    const args = command
      .replace(/^npx wxnotify /, "")
      .replaceAll("http://127.0.0.1:3000", running.url)
      .split(" ");
    // Asynchronously: the server answering it runs in this process.
    const child = spawn(runner, [cli, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: "1" },
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const code = await new Promise<number | null>((resolve) =>
      child.on("close", resolve),
    );
    expect(code, output).toBe(expected(command));
  });
});
