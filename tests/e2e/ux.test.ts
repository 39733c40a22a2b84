import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { usePageSuite } from "./helpers/page-suite";
import { seriousA11yViolations } from "./helpers/axe";
import { launchBrowser } from "./helpers/browser";

/**
 * The interface in Chromium: the compare picker and workload comparison, "What can it run?" on a
 * GPU page, chart tick labels that never overlap (phone and desktop), WCAG AA contrast in the
 * dark and light themes, and layout: wide tables inside their wrappers, the ranked table within a
 * desktop column, the math's keys wrapped between words, a copied link's status that moves nothing.
 * Screenshots land in test-results/ux for a person to look at.
 */
const SCREENSHOTS = path.resolve("test-results", "ux");
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const RESULTS = "/advisor/results?model=llama-3.1-8b&precision=q4_k_m&mode=rent";


/** Pairs of tick labels on one recharts axis whose boxes intersect, as "label ∩ label". */
async function overlappingTicks(page: Page): Promise<{ axes: number; ticks: number; overlaps: string[] }> {
  return page.evaluate(() => {
    const overlaps: string[] = [];
    let ticks = 0;
    // recharts 3 draws each axis's tick labels in one group, above the plot (its z-index layer).
    const axes = [...document.querySelectorAll(".recharts-cartesian-axis-tick-labels")];
    for (const axis of axes) {
      const boxes = [...axis.querySelectorAll(".recharts-cartesian-axis-tick-value")].map((t) => ({ text: t.textContent ?? "", r: t.getBoundingClientRect() }));
      ticks += boxes.length;
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
          const a = boxes[i].r;
          const b = boxes[j].r;
          if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) overlaps.push(`${boxes[i].text} ∩ ${boxes[j].text}`);
        }
      }
    }
    return { axes: axes.length, ticks, overlaps };
  });
}

async function gpuBandwidth(base: string, slug: string): Promise<number> {
  const body = (await (await fetch(`${base}/api/v1/gpus/${slug}`)).json()) as { memoryBandwidthGBps: number };
  return body.memoryBandwidthGBps;
}

/** The cells of one row of the workload table, by GPU slug. */
async function workloadRow(page: Page, row: string): Promise<Record<string, string>> {
  const cells = await page.locator(`[data-testid="workload-table"] tr[data-row="${row}"] td[data-gpu]`).evaluateAll((tds) => tds.map((td) => [td.getAttribute("data-gpu"), td.textContent ?? ""]));
  return Object.fromEntries(cells);
}

async function pick(page: Page, typed: string, option: RegExp): Promise<void> {
  const input = page.getByRole("combobox", { name: "GPUs to compare" });
  await input.fill(typed);
  await page.getByRole("option", { name: option }).first().click();
}

describe("the interface in Chromium", () => {
  const suite = usePageSuite();

  it("compares GPUs picked by name on a workload, and keeps the state in the URL", async () => {
    const { server, page } = suite;
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await page.goto(`${server.url}/compare`);
    await pick(page, "4090", /RTX 4090\b/);
    await pick(page, "h100 sxm", /H100 SXM/);
    expect(await page.locator(".picker-chip").evaluateAll((chips) => chips.map((c) => c.getAttribute("data-slug")))).toEqual(["rtx-4090", "h100-sxm"]);
    await page.getByRole("button", { name: "Compare", exact: true }).click();
    await page.waitForURL(/gpus=rtx-4090%2Ch100-sxm|gpus=rtx-4090,h100-sxm/);
    expect(new URL(page.url()).searchParams.get("model")).toBe("llama-3.1-8b");

    // Llama 3.1 8B at bf16: 8.03e9 × 2 B = 16.1 GB of weights fits either card; decoding reads every
    // weight once per token, so no card can beat its bandwidth ÷ 16.1 GB.
    const fit = await workloadRow(page, "fit");
    expect(fit).toEqual({ "rtx-4090": "fits on 1", "h100-sxm": "fits on 1" });
    const speed = await workloadRow(page, "speed");
    for (const slug of ["rtx-4090", "h100-sxm"]) {
      const tokensPerSecond = Number(speed[slug].replace(/[^0-9.]/g, ""));
      expect(tokensPerSecond).toBeGreaterThan(0);
      expect(tokensPerSecond).toBeLessThan((await gpuBandwidth(server.url, slug)) / 16.06);
    }
    expect(Number(speed["h100-sxm"].replace(/[^0-9.]/g, ""))).toBeGreaterThan(Number(speed["rtx-4090"].replace(/[^0-9.]/g, "")));
    expect(await page.locator('[data-testid="spec-table"] thead th').count()).toBe(3);
    await page.screenshot({ path: path.join(SCREENSHOTS, "compare-1280.png"), fullPage: true });

    // Llama 3.3 70B at bf16 needs 70.55e9 × 2 B = 141 GB: two 80 GB H100s at least, six 24 GB 4090s at least.
    await page.getByLabel("Model").selectOption("llama-3.3-70b");
    await page.getByRole("button", { name: "Compare", exact: true }).click();
    await page.waitForURL(/model=llama-3.3-70b/);
    const fit70 = await workloadRow(page, "fit");
    expect(Number(fit70["h100-sxm"].match(/needs (\d+)/)?.[1])).toBeGreaterThanOrEqual(2);
    expect(fit70["rtx-4090"]).toMatch(/needs (\d+)|does not fit/);
    const rtxCount = fit70["rtx-4090"].match(/needs (\d+)/)?.[1];
    if (rtxCount) expect(Number(rtxCount)).toBeGreaterThanOrEqual(6);

    // The same URL in a fresh tab shows the same comparison.
    const again = await page.context().newPage();
    await again.goto(page.url());
    expect(await workloadRow(again, "fit")).toEqual(fit70);
    await again.setViewportSize(PHONE);
    await again.screenshot({ path: path.join(SCREENSHOTS, "compare-390.png"), fullPage: true });
    await again.close();
  });

  it("opens the advisor's picks on /compare with the advisor's workload", async () => {
    const { server, page } = suite;
    await page.goto(`${server.url}${RESULTS}`);
    const picked = await page.locator("article[data-pick]").evaluateAll((cards) => [...new Set(cards.map((c) => c.getAttribute("data-gpu")))]);
    // The answer comes first: the best pick's name, speed and cost in one line above the cards.
    const firstPick = (await page.locator("article[data-pick] h3 a").first().textContent()) ?? "";
    const answer = (await page.getByTestId("answer").textContent()) ?? "";
    expect(answer).toContain(firstPick);
    expect(answer).toContain((await page.locator('article[data-pick] [data-field="cost"]').first().textContent())?.split(" (")[0] ?? "?");
    await page.getByRole("link", { name: "Compare the picks side by side" }).click();
    await page.waitForURL(/\/compare\?/);
    const url = new URL(page.url());
    expect(url.searchParams.get("model")).toBe("llama-3.1-8b");
    expect(url.searchParams.get("precision")).toBe("q4_k_m");
    expect(url.searchParams.get("gpus")?.split(",")).toEqual(picked.slice(0, 6));
    expect(await page.getByTestId("workload-summary").textContent()).toContain("q4_k_m");
    expect(await page.getByTestId("carried-note").textContent()).toContain("mode");
    expect(Object.keys(await workloadRow(page, "fit"))).toEqual(picked.slice(0, 6));
  });

  it("stops the picker at six GPUs and removes one by its button", async () => {
    const { server, page } = suite;
    await page.goto(`${server.url}/compare?gpus=rtx-4090,rtx-3090,a100-sxm4-80gb,h100-sxm,h100-pcie,h100-nvl`);
    expect(await page.locator(".picker-chip").count()).toBe(6);
    await page.getByRole("combobox", { name: "GPUs to compare" }).fill("a10");
    const options = page.getByRole("option");
    await expect.poll(() => options.count()).toBeGreaterThan(0);
    const unchosen = await page.locator('[role="option"][aria-disabled="true"]').count();
    expect(unchosen).toBeGreaterThan(0);
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: /^Remove .*RTX 3090/ }).click();
    expect(await page.locator(".picker-chip").count()).toBe(5);
    expect(await page.locator('input[type="hidden"][name="gpus"]').inputValue()).toBe("rtx-4090,a100-sxm4-80gb,h100-sxm,h100-pcie,h100-nvl");
  });

  it("says on a GPU page which popular models one card runs, at what precision and speed", async () => {
    const { server, page } = suite;
    await page.goto(`${server.url}/gpus/rtx-4090`);
    const section = page.getByTestId("can-run");
    await expect.poll(() => section.getByRole("heading", { name: "What can it run?" }).count()).toBe(1);
    // 8.03e9 × 2 B = 16.1 GB fits 24 GB at bf16; 70B needs 42.8 GB even at ~4.85 bits per weight.
    expect(await section.locator('tr[data-model="llama-3.1-8b"] [data-field="precision"]').textContent()).toBe("bf16");
    const speed = Number((await section.locator('tr[data-model="llama-3.1-8b"] [data-field="speed"]').textContent())?.replace(/[^0-9.]/g, ""));
    expect(speed).toBeGreaterThan(0);
    expect(speed).toBeLessThan(1008 / 16.06);
    expect(await section.locator('tr[data-model="llama-3.3-70b"] [data-field="precision"]').textContent()).toContain("does not fit");
    expect(await section.getByTestId("finetune-lora").locator(".stat").textContent()).not.toBe("none of the presets");
    expect(await section.getByTestId("finetune-qlora").locator(".stat").textContent()).not.toBe("none of the presets");
    await page.setViewportSize(PHONE);
    await page.screenshot({ path: path.join(SCREENSHOTS, "gpu-390.png"), fullPage: true });
  });

  it("never overlaps chart tick labels, at 390 px and at 1280 px", async () => {
    const { server, page } = suite;
    for (const viewport of [PHONE, DESKTOP]) {
      await page.setViewportSize(viewport);
      await page.goto(`${server.url}${RESULTS}`);
      // Open the folded working so its charts are drawn and measured too.
      await page.locator('[data-testid="results-details"] > summary').click();
      await page.locator(".recharts-cartesian-axis-tick-value").first().waitFor();
      // Let ResizeObserver settle the tick budget for this width.
      await page.waitForTimeout(300);
      const { axes, ticks, overlaps } = await overlappingTicks(page);
      expect(axes).toBeGreaterThanOrEqual(2);
      expect(ticks).toBeGreaterThan(axes);
      expect(overlaps, `at ${viewport.width} px`).toEqual([]);
      await page.screenshot({ path: path.join(SCREENSHOTS, `results-${viewport.width}.png`), fullPage: true });
    }
  });

  it("meets WCAG AA contrast in dark and light themes (axe: no serious or critical violations)", async () => {
    const { server, page } = suite;
    // "/" is the Pages Router landing page (no JavaScript); the working page is where the results' folds lead without JavaScript.
    const pages = ["/", "/advisor?model=llama-3.1-8b", RESULTS, `/advisor/results/working?model=llama-3.1-8b`, "/gpus", "/gpus/rtx-4090", "/compare?gpus=rtx-4090,h100-sxm", "/benchmark"];
    for (const colorScheme of ["dark", "light"] as const) {
      await page.emulateMedia({ colorScheme });
      for (const url of pages) {
        await page.goto(`${server.url}${url}`);
        expect(await page.evaluate(() => getComputedStyle(document.body).colorScheme || getComputedStyle(document.documentElement).colorScheme)).toBe(colorScheme);
        expect(await seriousA11yViolations(page), `${colorScheme} ${url}`).toEqual([]);
        if (colorScheme === "dark") await page.screenshot({ path: path.join(SCREENSHOTS, `dark${url.replace(/[^a-z0-9]+/gi, "-").slice(0, 40)}.png`), fullPage: true });
      }
    }
  });

  it("keeps wide tables inside their wrappers on a phone: no sideways page scroll, and each scrolling table reachable by keyboard", async () => {
    const { server, page } = suite;
    await page.setViewportSize(PHONE);
    // Llama 3.1 70B at bf16 (141 GB of weights) leaves cards that run it only with CPU offload: the offload table is there.
    for (const url of ["/", "/advisor/results/working?model=llama-3.1-8b", "/advisor/results?model=llama-3.1-70b"]) {
      await page.goto(`${server.url}${url}`);
      if (url.includes("70b")) {
        await page.getByTestId("offload-options").waitFor();
        await page.locator('[data-testid="results-details"] > summary').click();
        await page.locator("#bottleneck-caption").waitFor();
      }
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), url).toBe(0);
      // axe's scrollable-region-focusable (serious) is the keyboard half.
      expect(await seriousA11yViolations(page), `390 px ${url}`).toEqual([]);
    }
  });

  it("fits the ranked table in a desktop column, breaks the math's keys between words on a phone, and moves nothing on hydration or when a link is copied", async () => {
    const { server, page } = suite;
    await page.setViewportSize(DESKTOP);
    await page.goto(`${server.url}${RESULTS}`);
    const wrap = page.locator('.table-wrap:has([data-testid="ranked-table"])');
    // Every column, Notes the last, inside the wrapper at 1280 px; on a phone the same table scrolls inside it.
    expect(await wrap.evaluate((w) => w.scrollWidth - w.clientWidth)).toBe(0);
    await page.setViewportSize(PHONE);
    expect(await wrap.evaluate((w) => w.scrollWidth > w.clientWidth)).toBe(true);

    // Each camelCase word of a key is a text node of its own (between <wbr>s): one spread over two lines broke mid-word.
    await page.goto(`${server.url}/advisor/results/working?model=llama-3.1-8b`);
    const splitWords = await page.locator(".adv-math-table").first().evaluate((table) => {
      const split: string[] = [];
      for (const th of table.querySelectorAll("tbody th")) {
        const walker = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const range = document.createRange();
          range.selectNodeContents(node);
          if (range.getClientRects().length > 1) split.push(node.textContent ?? "");
        }
      }
      return split;
    });
    expect(splitWords).toEqual([]);
    expect(await page.locator(".adv-math-table tbody th").first().textContent()).toMatch(/^[A-Za-z0-9]+$/);

    const created = (await (await fetch(`${server.url}/api/v1/recommendations`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ workload: { model: "llama-3.1-8b" } }) })).json()) as { url: string };
    // The page as the server sends it (no JavaScript): where its cards sit before hydration.
    const noScript = await launchBrowser({ javaScriptEnabled: false });
    const unhydrated: string[][] = [];
    try {
      const plain = await noScript.context.newPage();
      for (const size of [PHONE, DESKTOP]) {
        await plain.setViewportSize(size);
        await plain.goto(`${server.url}${new URL(created.url).pathname}`);
        unhydrated.push(await plain.locator("article[data-pick]").evaluateAll((els) => els.map((e) => JSON.stringify(e.getBoundingClientRect()))));
      }
    } finally {
      await noScript.close();
    }
    for (const [i, size] of [PHONE, DESKTOP].entries()) {
      await page.setViewportSize(size);
      await page.goto(`${server.url}${new URL(created.url).pathname}`);
      // Hydrated: each card's "show the math" link has become its disclosure button, in the same box.
      await page.locator("button.adv-working-toggle").first().waitFor();
      expect(await page.locator("article[data-pick]").evaluateAll((els) => els.map((e) => JSON.stringify(e.getBoundingClientRect()))), `hydration at ${size.width} px`).toEqual(unhydrated[i]);
      const places = () => page.locator(".adv-actions a, .adv-actions button, article[data-pick]").evaluateAll((els) => els.map((e) => JSON.stringify(e.getBoundingClientRect())));
      const before = await places();
      await page.getByRole("button", { name: "Copy link" }).click();
      // Copied, or (where the clipboard is refused) the field selected for Ctrl+C: either way announced, and nothing moved.
      await expect.poll(() => page.getByRole("status").filter({ hasText: /Copied|Ctrl\+C/ }).count()).toBe(1);
      expect(await places(), `${size.width} px`).toEqual(before);
    }
  });
});
