/**
 * The built site in a real browser (Debian's chromium through
 * playwright-core): every page of both locales renders without console
 * errors, page errors or failed requests; every internal link (and anchor)
 * resolves; the locale switch and the local search work. Screenshots of the
 * home and quick-start pages go to test/artifacts/.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Page,
} from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileFor, serveStatic } from "./static-server.js";

const docs = fileURLToPath(new URL("..", import.meta.url));
const dist = join(docs, ".vitepress", "dist");
const artifacts = join(docs, "test", "artifacts");
const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Builds the site when no build is there yet (turbo builds it first in CI). */
function ensureBuilt(): void {
  if (existsSync(join(dist, "index.html"))) return;
  const run = (command: string, args: string[]) => {
    const result = spawnSync(command, args, { cwd: docs, encoding: "utf8" });
    if (result.status !== 0) {
      throw new Error(
        `${command} ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`,
      );
    }
  };
  run(join(docs, "..", "node_modules", ".bin", "tsx"), ["scripts/generate.ts"]);
  run(join(docs, "node_modules", ".bin", "vitepress"), ["build"]);
}

/** Every page of the build as a clean URL path: /, /guide/keys, /en/api/. */
function builtPages(dir = dist): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "assets") out.push(...builtPages(path));
    } else if (entry.name.endsWith(".html") && entry.name !== "404.html") {
      const rel = relative(dist, path).split("\\").join("/");
      out.push(
        `/${rel.replace(/(^|\/)index\.html$/, "$1").replace(/\.html$/, "")}`,
      );
    }
  }
  return out.sort();
}

ensureBuilt();
const pages = builtPages();
const zhPages = pages.filter((path) => !path.startsWith("/en/"));
const enPages = pages.filter((path) => path.startsWith("/en/"));

let server: Awaited<ReturnType<typeof serveStatic>>;
let browser: Browser;
let context: BrowserContext;
/** Internal link targets seen on the pages, with the page they were on. */
const links = new Map<string, string>();

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  server = await serveStatic(dist);
  if (!existsSync(executablePath)) {
    throw new Error(
      `No chromium at ${executablePath}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH.`,
    );
  }
  const fonts = spawnSync("fc-list", [":lang=zh", "family"], {
    encoding: "utf8",
  });
  if (fonts.status === 0 && fonts.stdout.trim() === "") {
    // Not a failure: the pages work, but Chinese screenshots show boxes.
    console.warn(
      "browser test: no Chinese font installed (apt-get install fonts-wqy-microhei); the zh screenshots will show empty boxes.",
    );
  }
  browser = await chromium.launch({
    executablePath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: "zh-CN",
  });
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

/** Opens a page, recording every error the browser reports while it loads. */
async function open(path: string): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems: string[] = [];
  const local = (url: string) => url.startsWith(server.url);
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) =>
    problems.push(`page error: ${error.message}`),
  );
  page.on("requestfailed", (request) => {
    if (local(request.url())) {
      problems.push(`failed: ${request.url()} ${request.failure()?.errorText}`);
    }
  });
  page.on("response", (response) => {
    if (local(response.url()) && response.status() >= 400) {
      problems.push(`HTTP ${response.status()}: ${response.url()}`);
    }
  });
  const response = await page.goto(server.url + path, { waitUntil: "load" });
  if (response?.status() !== 200) {
    problems.push(`HTTP ${response?.status()} for the page itself`);
  }
  return { page, problems };
}

describe("the built site", () => {
  it("has the same pages in both locales", () => {
    expect(zhPages.length).toBeGreaterThanOrEqual(28);
    expect(enPages.map((path) => path.slice(3))).toEqual(zhPages);
  });

  // Several tabs at once: one page at a time takes twice as long.
  it.concurrent.each(pages)("%s renders without errors", async (path) => {
    const { page, problems } = await open(path);
    try {
      // The page is hydrated and shows its content.
      await page.waitForSelector(".VPContent", { state: "visible" });
      const lang = await page.getAttribute("html", "lang");
      expect(lang).toBe(path.startsWith("/en/") ? "en" : "zh-CN");
      expect(await page.title()).toMatch(/wxnotify/);
      if (path !== "/" && path !== "/en/") {
        const heading = await page.textContent(".vp-doc h1");
        expect(heading?.trim().length, "an h1").toBeGreaterThan(0);
      }
      const hrefs = await page.$$eval("a[href]", (anchors) =>
        anchors.map((a) => (a as HTMLAnchorElement).href),
      );
      for (const href of hrefs) {
        if (href.startsWith(server.url) && !links.has(href)) {
          links.set(href, path);
        }
      }
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it("every internal link resolves, anchors included", async () => {
    expect(links.size).toBeGreaterThan(100);
    const broken: string[] = [];
    for (const [href, from] of links) {
      const url = new URL(href);
      const response = await fetch(url.origin + url.pathname, {
        method: "HEAD",
      });
      if (response.status !== 200) {
        broken.push(`${from} → ${url.pathname}: HTTP ${response.status}`);
        continue;
      }
      const id = decodeURIComponent(url.hash.slice(1));
      if (!id) continue;
      const file = fileFor(dist, url.pathname);
      const html = file ? readFileSync(file, "utf8") : "";
      if (!html.includes(`id="${id}"`)) {
        broken.push(`${from} → ${url.pathname}#${id}: no such anchor`);
      }
    }
    expect(broken).toEqual([]);
  });

  it("switches locale to the same page, both ways", async () => {
    const { page, problems } = await open("/guide/keys");
    try {
      await page.hover(".VPNavBarTranslations");
      await page.click('.VPNavBarTranslations a:has-text("English")');
      await page.waitForURL(`${server.url}/en/guide/keys`);
      await page.waitForSelector('html[lang="en"]');
      expect(await page.textContent(".vp-doc h1")).toContain("Keys");

      await page.hover(".VPNavBarTranslations");
      await page.click('.VPNavBarTranslations a:has-text("简体中文")');
      await page.waitForURL(`${server.url}/guide/keys`);
      await page.waitForSelector('html[lang="zh-CN"]');
      expect(await page.textContent(".vp-doc h1")).toContain("密钥");
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it.each([
    { home: "/", query: "签名探测", expected: /^\/guide\// },
    { home: "/en/", query: "signature probe", expected: /^\/en\/guide\// },
    { home: "/", query: "koaNotify", expected: /^\/(stacks|api)\// },
  ])("finds $query with the local search from $home", async (search) => {
    const { page, problems } = await open(search.home);
    try {
      await page.click(".VPNavBarSearch .DocSearch-Button");
      const input = page.locator(".VPLocalSearchBox input");
      await input.fill(search.query);
      const first = page.locator(".VPLocalSearchBox .results .result").first();
      await first.waitFor({ state: "visible" });
      const before = page.url();
      await first.click();
      await page.waitForURL((url) => url.href !== before);
      const path = new URL(page.url()).pathname;
      expect(path).toMatch(search.expected);
      await page.waitForSelector(".vp-doc h1", { state: "visible" });
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it.each([
    { path: "/", file: "home-zh.png" },
    { path: "/en/", file: "home-en.png" },
    { path: "/guide/quick-start", file: "quick-start-zh.png" },
    { path: "/en/guide/quick-start", file: "quick-start-en.png" },
  ])("screenshot of $path → test/artifacts/$file", async ({ path, file }) => {
    const { page, problems } = await open(path);
    try {
      await page.waitForSelector(".VPContent", { state: "visible" });
      await page.screenshot({ path: join(artifacts, file), fullPage: true });
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
