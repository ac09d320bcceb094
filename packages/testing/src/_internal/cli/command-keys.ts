import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { MERCHANT_FILES, saveTestMerchant } from "../../merchant-folder.js";
import { createTestMerchant } from "../../test-merchant.js";
import { KEYS_HELP } from "./help.js";
import { EXIT, painter, UsageError, type CliIo } from "./io.js";

/** `wxnotify keys`. */
export function commandKeys(args: string[], io: CliIo): number {
  const { values } = parseArgs({
    args,
    options: {
      out: { type: "string" },
      force: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    allowPositionals: false,
  });
  if (values.help) {
    io.out(KEYS_HELP);
    return EXIT.ok;
  }
  const p = painter(io.color);
  if (values.out === undefined) {
    io.out(`${JSON.stringify(createTestMerchant().keys, null, 2)}\n`);
    return EXIT.ok;
  }
  const dir = resolve(io.cwd, values.out);
  if (existsSync(join(dir, MERCHANT_FILES.json)) && !values.force) {
    throw new UsageError(
      `${dir} already holds a merchant; pass --force to replace it.`,
    );
  }
  const m = saveTestMerchant(dir);
  io.out(
    [
      `${p.green("✓")} test merchant written to ${p.bold(dir)}`,
      `  mchId              ${m.mchId}`,
      `  appId              ${m.appId}`,
      `  publicKeyId        ${m.publicKeyId}`,
      `  certificateSerial  ${m.certificateSerial}`,
      "",
      `Sign with it:   wxnotify send paid --keys ${values.out} --url …`,
      `In your tests:  createNotifier(loadTestMerchant(${JSON.stringify(values.out)}).config)`,
      p.dim("These keys are for tests only; the folder holds a private key."),
      "",
    ].join("\n"),
  );
  return EXIT.ok;
}
