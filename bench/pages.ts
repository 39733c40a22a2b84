import fs from "node:fs";
import { chromium } from "playwright-core";

/**
 * Page weight in Chromium: for each page, a fresh browser context (empty cache) loads it `runs`
 * times and reads the browser's own Resource Timing figures: the HTML's size as sent (gzip, as
 * Next.js compresses for browsers) and unpacked, the JavaScript's size as sent (gzipped) and
 * unpacked, everything sent, and the times to DOMContentLoaded and load (medians).
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export interface PageWeight {
  page: string;
  status: number;
  htmlKb: number;
  htmlTransferKb: number;
  jsTransferKb: number;
  jsKb: number;
  scripts: number;
  totalTransferKb: number;
  domContentLoadedMs: number;
  loadMs: number;
}

const kb = (bytes: number) => Math.round(bytes / 102.4) / 10;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export async function pageWeights(base: string, pages: string[], runs = 3): Promise<PageWeight[]> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium, or set CHROMIUM_PATH`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
  const out: PageWeight[] = [];
  try {
    for (const page of pages) {
      const samples: (PageWeight & { ok: boolean })[] = [];
      for (let i = 0; i < runs; i++) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        const tab = await context.newPage();
        const response = await tab.goto(base + page, { waitUntil: "load", timeout: 60_000 });
        // Scripts the page loads after `load` (Next.js preloads route chunks) count too.
        await tab.waitForLoadState("networkidle", { timeout: 10_000 }).catch(() => undefined);
        const figures = await tab.evaluate(() => {
          const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
          const resources = performance.getEntriesByType("resource") as PerformanceResourceTiming[];
          const scripts = resources.filter((r) => r.initiatorType === "script" || /\.m?js(\?|$)/.test(new URL(r.name).pathname));
          return {
            htmlBytes: nav.decodedBodySize,
            htmlTransferBytes: nav.encodedBodySize,
            jsTransferBytes: scripts.reduce((s, r) => s + r.encodedBodySize, 0),
            jsBytes: scripts.reduce((s, r) => s + r.decodedBodySize, 0),
            scripts: scripts.length,
            totalTransferBytes: nav.encodedBodySize + resources.reduce((s, r) => s + r.encodedBodySize, 0),
            domContentLoadedMs: nav.domContentLoadedEventEnd,
            loadMs: nav.loadEventEnd,
          };
        });
        samples.push({
          ok: response?.ok() ?? false,
          page,
          status: response?.status() ?? 0,
          htmlKb: kb(figures.htmlBytes),
          htmlTransferKb: kb(figures.htmlTransferBytes),
          jsTransferKb: kb(figures.jsTransferBytes),
          jsKb: kb(figures.jsBytes),
          scripts: figures.scripts,
          totalTransferKb: kb(figures.totalTransferBytes),
          domContentLoadedMs: Math.round(figures.domContentLoadedMs),
          loadMs: Math.round(figures.loadMs),
        });
        await context.close();
      }
      const last = samples[samples.length - 1];
      out.push({ ...last, domContentLoadedMs: median(samples.map((s) => s.domContentLoadedMs)), loadMs: median(samples.map((s) => s.loadMs)) });
    }
  } finally {
    await browser.close();
  }
  return out;
}

export function printPageWeights(rows: PageWeight[]): void {
  console.log("\npage weight in Chromium (empty cache; KB; sent = as transferred, gzip; times are medians of 3 loads on loopback)");
  console.log("page".padEnd(46), "status".padStart(6), "HTML".padStart(7), "sent".padStart(6), "JS sent".padStart(8), "JS".padStart(7), "files".padStart(6), "all sent".padStart(9), "DCL ms".padStart(7), "load ms".padStart(8));
  for (const r of rows) {
    console.log(
      r.page.slice(0, 46).padEnd(46),
      String(r.status).padStart(6),
      String(r.htmlKb).padStart(7),
      String(r.htmlTransferKb).padStart(6),
      String(r.jsTransferKb).padStart(8),
      String(r.jsKb).padStart(7),
      String(r.scripts).padStart(6),
      String(r.totalTransferKb).padStart(9),
      String(r.domContentLoadedMs).padStart(7),
      String(r.loadMs).padStart(8),
    );
  }
}
