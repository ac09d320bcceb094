#!/usr/bin/env node
import { shouldColor } from "./_internal/cli/io.js";
import { runCli } from "./_internal/cli/run.js";

runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  color: shouldColor(process.stdout.isTTY, process.env),
  cwd: process.cwd(),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `wxnotify: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
