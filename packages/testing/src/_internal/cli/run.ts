import { commandKeys } from "./command-keys.js";
import { commandSend } from "./command-send.js";
import { commandVerify } from "./command-verify.js";
import { KEYS_HELP, MAIN_HELP, SEND_HELP, VERIFY_HELP } from "./help.js";
import { EXIT, painter, UsageError, type CliIo } from "./io.js";

const USAGE: Record<string, string> = {
  keys: KEYS_HELP,
  send: SEND_HELP,
  trigger: SEND_HELP,
  verify: VERIFY_HELP,
};

/** Runs the `wxnotify` CLI on `argv` (without node and script) and returns the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case undefined:
      case "-h":
      case "--help":
      case "help":
        io.out(MAIN_HELP);
        return command === undefined ? EXIT.usage : EXIT.ok;
      case "keys":
        return commandKeys(args, io);
      case "send":
      case "trigger":
        return await commandSend(args, io);
      case "verify":
        return await commandVerify(args, io);
      default:
        throw new UsageError(`Unknown command ${JSON.stringify(command)}.`);
    }
  } catch (error) {
    // parseArgs reports unknown options with a code, not a class.
    const code = (error as { code?: string }).code;
    if (
      error instanceof UsageError ||
      (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS"))
    ) {
      const p = painter(io.color);
      io.err(`${p.red("error:")} ${(error as Error).message}\n\n`);
      io.err(USAGE[command ?? ""] ?? MAIN_HELP);
      return EXIT.usage;
    }
    throw error;
  }
}
