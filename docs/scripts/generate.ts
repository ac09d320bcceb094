/**
 * Writes every generated part of the site before VitePress runs (all of it
 * ignored by git, see docs/.gitignore):
 *
 * - api/ and en/api/: the API reference, from the TSDoc of each package;
 * - .generated/errors.{zh,en}.md: the error-code reference, from the core's
 *   ERROR_STATUS table and scripts/error-codes.ts;
 * - .generated/bench-results.{zh,en}.md: bench/results/latest.md when the
 *   benchmarks have been run, else how to run them.
 *
 * Output is formatted with Prettier, like every other file in the repository.
 */
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as prettier from "prettier";
import {
  ERROR_STATUS,
  type WxNotifyErrorCode,
} from "../../packages/core/src/errors.ts";
import { indexPage, packagePage, readApi } from "./api-reference.ts";
import { ERROR_DOCS, ERROR_GROUPS, type ErrorDoc } from "./error-codes.ts";
import ts from "typescript";

const docs = fileURLToPath(new URL("..", import.meta.url));
const repo = join(docs, "..");

type Locale = "zh" | "en";
const LOCALES: Locale[] = ["zh", "en"];

const prettierOptions = prettier.resolveConfig(join(docs, "index.md"));

/**
 * Formats TypeScript code blocks once (both locales share them), so the
 * Markdown pass can skip embedded code: the result is what `prettier --check`
 * expects, in a fraction of the time.
 */
async function formatCodeBlocks(markdown: string): Promise<string> {
  const options = (await prettierOptions) ?? {};
  const blocks = [...markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)];
  const formatted = await Promise.all(
    blocks.map(([, code]) => formatTs(code!, options)),
  );
  let index = 0;
  return markdown.replace(
    /^```ts\n([\s\S]*?)^```$/gm,
    () => `\`\`\`ts\n${formatted[index++]}\`\`\``,
  );
}

const tsCache = new Map<string, Promise<string>>();
function formatTs(code: string, options: prettier.Options): Promise<string> {
  let result = tsCache.get(code);
  if (!result) {
    result = prettier.format(code, { ...options, parser: "typescript" });
    tsCache.set(code, result);
  }
  return result;
}

async function write(relative: string, markdown: string): Promise<void> {
  const path = join(docs, relative);
  mkdirSync(dirname(path), { recursive: true });
  const options = (await prettierOptions) ?? {};
  const formatted = await prettier.format(await formatCodeBlocks(markdown), {
    ...options,
    filepath: path,
    embeddedLanguageFormatting: "off",
  });
  // Unchanged files keep their mtime, so `vitepress dev` does not reload.
  if (existsSync(path) && readFileSync(path, "utf8") === formatted) return;
  writeFileSync(path, formatted);
}

/** The error-code reference of one locale. */
export function errorReference(locale: Locale): string {
  const codes = Object.keys(ERROR_STATUS) as WxNotifyErrorCode[];
  const label =
    locale === "zh"
      ? { cause: "原因", fix: "解决", status: "状态码", cls: "错误类" }
      : { cause: "Cause", fix: "Fix", status: "status", cls: "class" };
  const lines: string[] = [];
  const header =
    locale === "zh"
      ? "| 错误码 | HTTP 状态码 | 错误类 |\n| --- | --- | --- |"
      : "| code | HTTP status | class |\n| --- | --- | --- |";
  lines.push(header);
  for (const code of codes) {
    const doc = ERROR_DOCS[code];
    lines.push(
      `| [\`${code}\`](#${code}) | ${ERROR_STATUS[code]} | \`${doc.class}\` |`,
    );
  }
  lines.push("");
  const groups = Object.keys(ERROR_GROUPS) as ErrorDoc["group"][];
  for (const group of groups) {
    const inGroup = codes.filter((code) => ERROR_DOCS[code].group === group);
    if (inGroup.length === 0) continue;
    lines.push(`## ${ERROR_GROUPS[group][locale]}`, "");
    for (const code of inGroup) {
      const doc = ERROR_DOCS[code];
      const text = doc[locale];
      lines.push(
        `### \`${code}\` {#${code}}`,
        "",
        `HTTP ${ERROR_STATUS[code]} · \`${doc.class}\``,
        "",
        `**${label.cause}**: ${text.cause}`,
        "",
        `**${label.fix}**: ${text.fix}`,
        "",
      );
    }
  }
  return lines.join("\n");
}

/**
 * Every v3 event type with a typed resource, from the core's
 * `V3EventResources` interface (the same list as KNOWN_V3_EVENT_TYPES).
 */
export function eventTypes(locale: Locale): string {
  const file = join(repo, "packages/core/src/messages/v3.ts");
  const source = ts.createSourceFile(
    file,
    readFileSync(file, "utf8"),
    ts.ScriptTarget.Latest,
    true,
  );
  const rows: string[] = [];
  source.forEachChild((node) => {
    if (!ts.isInterfaceDeclaration(node)) return;
    if (node.name.text !== "V3EventResources") return;
    for (const member of node.members) {
      if (!ts.isPropertySignature(member) || !member.type) continue;
      const name = member.name.getText(source).replace(/^"|"$/g, "");
      const type = member.type
        .getText(source)
        .split("|")
        .map(
          (part) =>
            `[\`${part.trim()}\`](${locale === "zh" ? "" : "/en"}/api/core#${part.trim()})`,
        )
        .join(" \\| ");
      rows.push(`| \`${name}\` | ${type} |`);
    }
  });
  if (rows.length === 0)
    throw new Error("generate: V3EventResources not found");
  const header =
    locale === "zh"
      ? "| event_type | resource 的类型 |\n| --- | --- |"
      : "| event_type | type of resource |\n| --- | --- |";
  return `${header}\n${rows.join("\n")}\n`;
}

/** Relative links of an included file would point nowhere on the site. */
function withoutRelativeLinks(markdown: string): string {
  return markdown.replace(
    /(!?)\[([^\]]*)\]\((?!https?:|#|mailto:)([^)]+)\)/g,
    (_, image: string, text: string, target: string) =>
      image ? `\`${target}\`` : `${text} (\`${target}\`)`,
  );
}

/** The benchmark results, or how to produce them. */
export function benchResults(
  locale: Locale,
  latest = join(repo, "bench", "results", "latest.md"),
): string {
  if (existsSync(latest)) {
    const text = readFileSync(latest, "utf8")
      // The page has its own title: every heading of the results goes one down.
      .replace(/^(#{1,5}) /gm, "#$1 ");
    return withoutRelativeLinks(text);
  }
  return locale === "zh"
    ? "::: info 还没有结果\n这次构建时仓库中还没有 `bench/results/latest.md`。在仓库根目录运行 `pnpm bench` 生成后，重新构建文档即可在这里看到结果。\n:::\n"
    : "::: info No results yet\n`bench/results/latest.md` did not exist when this site was built. Run `pnpm bench` at the repository root, then build the docs again to show the results here.\n:::\n";
}

/** Every file the generated output depends on. */
function inputFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".ts")) files.push(path);
    }
  };
  for (const name of readdirSync(join(repo, "packages"))) {
    walk(join(repo, "packages", name, "src"));
  }
  walk(join(docs, "scripts"));
  files.push(join(docs, "tsconfig.json"), join(repo, ".prettierrc.json"));
  files.push(join(repo, "bench", "results", "latest.md"));
  return files.sort();
}

/** A digest of the inputs: unchanged inputs, nothing to regenerate. */
function inputsDigest(): string {
  const hash = createHash("sha256");
  for (const file of inputFiles()) {
    hash.update(file).update("\0");
    hash
      .update(existsSync(file) ? readFileSync(file) : "(absent)")
      .update("\0");
  }
  return hash.digest("hex");
}

async function main(): Promise<void> {
  const started = performance.now();
  const stamp = join(docs, ".generated", "inputs.sha256");
  const digest = inputsDigest();
  const outputs = [
    "api/index.md",
    "en/api/index.md",
    ".generated/errors.zh.md",
  ];
  if (
    !process.argv.includes("--force") &&
    existsSync(stamp) &&
    readFileSync(stamp, "utf8") === digest &&
    outputs.every((file) => existsSync(join(docs, file)))
  ) {
    console.log("docs: generated files are up to date");
    return;
  }
  const api = readApi();
  for (const locale of LOCALES) {
    const base = locale === "zh" ? "api" : "en/api";
    await write(`${base}/index.md`, indexPage(api, locale));
    for (const [pkg, modules] of api) {
      await write(`${base}/${pkg.slug}.md`, packagePage(pkg, modules, locale));
    }
    await write(`.generated/errors.${locale}.md`, errorReference(locale));
    await write(`.generated/bench-results.${locale}.md`, benchResults(locale));
    await write(`.generated/event-types.${locale}.md`, eventTypes(locale));
  }
  writeFileSync(stamp, digest);
  const ms = Math.round(performance.now() - started);
  console.log(
    `docs: generated API reference, error codes, benchmarks (${ms} ms)`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await main();
}
