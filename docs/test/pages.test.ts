/**
 * Static checks of the Markdown sources: both locales have the same pages,
 * every code block is included from a real file (and the region exists),
 * and the troubleshooting page lists every error code of the core.
 */
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { testMerchant } from "@wxnotify/testing";
import { describe, expect, it } from "vitest";
import { ERROR_STATUS } from "../../packages/core/src/errors.ts";
import { ERROR_DOCS } from "../scripts/error-codes.ts";
import { benchResults, errorReference } from "../scripts/generate.ts";

const docs = fileURLToPath(new URL("..", import.meta.url));
/** Folders that hold sources, generated pages or build output, not pages. */
const NOT_PAGES = new Set([
  "node_modules",
  "snippets",
  "test",
  "scripts",
  "api",
  ".vitepress",
  ".generated",
]);

function pages(dir = docs): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (NOT_PAGES.has(entry.name)) continue;
      out.push(...pages(path));
    } else if (entry.name.endsWith(".md") && entry.name !== "README.md") {
      out.push(relative(docs, path));
    }
  }
  return out.sort();
}

const all = pages();
const zh = all.filter((page) => !page.startsWith("en/"));
const en = all.filter((page) => page.startsWith("en/"));

/** The regions a file defines (`// #region name`, `#region name`). */
function regions(file: string): Set<string> {
  const names = new Set<string>();
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const match = /^\s*(?:\/\/ ?#|#)region ([\w*-]+)\s*$/.exec(line);
    if (match) names.add(match[1]!);
  }
  return names;
}

describe("the pages", () => {
  it("exist in both locales, the same set", () => {
    expect(zh.length).toBeGreaterThanOrEqual(19);
    expect(en.map((page) => page.slice(3))).toEqual(zh);
  });

  it.each(all)(
    "%s: every code snippet is included from a file that exists",
    (page) => {
      const text = readFileSync(join(docs, page), "utf8");
      for (const match of text.matchAll(
        /^<<< (\S+?)(?:#([\w-]+))?(?:\{\w+\})?(?: \[.*\])?$/gm,
      )) {
        const [, path, region] = match;
        const file = path!.startsWith("@/")
          ? resolve(docs, path!.slice(2))
          : resolve(dirname(join(docs, page)), path!);
        expect(existsSync(file), `${page}: ${path} is missing`).toBe(true);
        if (region) {
          expect(regions(file).has(region), `${path}#${region}`).toBe(true);
        }
      }
    },
  );

  it.each(all)(
    "%s: no code block is written inline (shell commands aside)",
    (page) => {
      const text = readFileSync(join(docs, page), "utf8");
      const fences = [...text.matchAll(/^```(\S*)/gm)].map((m) => m[1]);
      // Opening and closing fences alternate; openings carry the language.
      const languages = fences.filter((_, i) => i % 2 === 0);
      for (const language of languages) expect(language, page).toBe("sh");
    },
  );

  it.each(all)("%s: every included partial exists", (page) => {
    const text = readFileSync(join(docs, page), "utf8");
    for (const [, path] of text.matchAll(/<!--@include: (.+?)-->/g)) {
      const file = resolve(dirname(join(docs, page)), path!);
      expect(file.startsWith(join(docs, ".generated")), path).toBe(true);
    }
  });
});

describe("the error-code reference", () => {
  const codes = Object.keys(ERROR_STATUS).sort();

  it("documents exactly the codes of the core's ERROR_STATUS table", () => {
    expect(Object.keys(ERROR_DOCS).sort()).toEqual(codes);
  });

  it.each(["zh", "en"] as const)(
    "lists every code with its status (%s)",
    (locale) => {
      const page = errorReference(locale);
      for (const code of codes) {
        expect(page).toContain(`### \`${code}\` {#${code}}`);
        expect(page).toContain(
          `| [\`${code}\`](#${code}) | ${ERROR_STATUS[code as keyof typeof ERROR_STATUS]} |`,
        );
      }
    },
  );

  it("is included by the troubleshooting page of each locale", () => {
    expect(
      readFileSync(join(docs, "guide/troubleshooting.md"), "utf8"),
    ).toContain("<!--@include: ../.generated/errors.zh.md-->");
    expect(
      readFileSync(join(docs, "en/guide/troubleshooting.md"), "utf8"),
    ).toContain("<!--@include: ../../.generated/errors.en.md-->");
  });
});

describe("inline builder calls on the testing page", () => {
  const calls = new Set<string>();
  for (const page of ["guide/testing.md", "en/guide/testing.md"]) {
    const text = readFileSync(join(docs, page), "utf8");
    for (const [, call] of text.matchAll(/`(m\.v[23]\.[^`]+)`/g)) {
      calls.add(call!);
    }
  }

  it.each([...calls])("%s builds a signed notification", (call) => {
    const m = testMerchant();
    const now = Date.now();
    const build = new Function("m", "now", `return ${call};`) as (
      merchant: typeof m,
      time: number,
    ) => { body: Uint8Array; headers: Record<string, string> };
    const notification = build(m, now);
    expect(notification.body.length).toBeGreaterThan(0);
  });
});

describe("the benchmarks page", () => {
  it("says how to run them while there are no results", () => {
    const missing = join(tmpdir(), "no-such-results.md");
    expect(benchResults("zh", missing)).toContain("pnpm bench");
    expect(benchResults("en", missing)).toContain("pnpm bench");
  });

  it("includes the results, headings one level down, without relative links", () => {
    const dir = mkdtempSync(join(tmpdir(), "wxnotify-bench-"));
    const file = join(dir, "latest.md");
    writeFileSync(
      file,
      "# Results\n\n## In process\n\nSee [the notes](./notes.md) and ![chart](chart.png), or [npm](https://www.npmjs.com/).\n",
    );
    const included = benchResults("en", file);
    expect(included).toContain("## Results");
    expect(included).toContain("### In process");
    expect(included).toContain("the notes (`./notes.md`)");
    expect(included).toContain("`chart.png`");
    expect(included).toContain("[npm](https://www.npmjs.com/)");
  });
});
