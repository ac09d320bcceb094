import { chromium } from "playwright-core";
import { serveStatic } from "../test/static-server.ts";
const server = await serveStatic("/work/main/docs/.vitepress/dist");
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu"],
});
const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
for (const [path, y, name] of process.argv.slice(2).map((a) => a.split(","))) {
  await page.goto(server.url + path, { waitUntil: "load" });
  await page.evaluate((y) => window.scrollTo(0, Number(y)), y);
  await page.waitForTimeout(300);
  await page.screenshot({ path: `/tmp/${name}.png` });
}
await browser.close();
await server.close();
