import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/lib/db";
import { startApp, type AppServer } from "../helpers-hardening/server";
import { launchBrowser, type TestBrowser } from "./helpers/browser";
import { seriousA11yViolations } from "./helpers/axe";

/**
 * The advisor end to end in Chromium, driven by the keyboard only. The server runs on a data dir
 * of our own so the test can stop it, edit the catalog in the database (PGlite allows one process
 * at a time), and start it again on the same data.
 */
const SCREENSHOTS = path.resolve("test-results", "advisor");

/** A production server on `dataDir` that keeps the data when stopped (the catalog-edit test restarts on it). */
function startServerOn(dataDir: string): Promise<AppServer> {
  // The test's own fetches stand in for a reverse proxy on loopback (the share-preview check sends
  // X-Forwarded-Host as nginx would); Chromium's requests carry no forwarded headers either way.
  return startApp({ env: { ADVISOR_DATA_DIR: dataDir, ADVISOR_TRUSTED_PROXIES: "127.0.0.1" } });
}

/** Presses Tab (Shift+Tab when `back`) until the focused element matches `selector`. */
async function tabTo(page: Page, selector: string, back = false): Promise<void> {
  for (let i = 0; i < 120; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
  }
  throw new Error(`could not reach ${selector} with the Tab key`);
}

/** Arrow keys through a radio group until `value` is checked. */
async function arrowTo(page: Page, name: string, value: string): Promise<void> {
  await tabTo(page, `input[name="${name}"]:checked`);
  for (let i = 0; i < 6; i++) {
    if (await page.locator(`input[name="${name}"][value="${value}"]`).isChecked()) return;
    await page.keyboard.press("ArrowRight");
  }
  throw new Error(`could not choose ${name}=${value} with the arrow keys`);
}


/** The numbers a reader sees on the results: each pick's speed and cost, and the whole table. */
async function shownNumbers(page: Page) {
  return {
    picks: await page.locator("article[data-pick]").evaluateAll((cards) =>
      cards.map((c) => ({
        pick: c.getAttribute("data-pick"),
        gpu: c.getAttribute("data-gpu"),
        count: c.getAttribute("data-count"),
        speed: c.querySelector('[data-field="speed"]')?.textContent,
        cost: c.querySelector('[data-field="cost"]')?.textContent,
      })),
    ),
    table: await page.locator('[data-testid="ranked-table"] tbody tr').evaluateAll((rows) => rows.map((r) => r.textContent)),
  };
}

async function gpuFacts(base: string, slug: string): Promise<{ segment: string; memoryGB: number; memoryBandwidthGBps: number }> {
  return (await fetch(`${base}/api/v1/gpus/${slug}`)).json();
}

describe("the advisor in Chromium, keyboard only", () => {
  const dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), "advisor-e2e-advisor-"));
  const dataDir = path.join(dataRoot, "pglite");
  let server: AppServer;
  let browser: TestBrowser;
  let shared: { path: string; numbers: Awaited<ReturnType<typeof shownNumbers>>; bestGpu: string; bestSpeed: string } | undefined;

  beforeAll(async () => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    server = await startServerOn(dataDir);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    fs.rmSync(dataRoot, { recursive: true, force: true });
  });

  it("(a) chat with Llama 3.1 8B at Q4_K_M on a $2,000 desktop: a consumer card that fits; shared link shows the same numbers", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/advisor`);
    await expect.poll(() => page.locator('[data-testid="preview-total"]').textContent()).toMatch(/GB/);
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.locator("body").focus();
    await tabTo(page, "#f-modelFilter");
    await page.keyboard.type("llama 3.1 8b");
    expect(await page.locator("#f-model").inputValue()).toBe("llama-3.1-8b");
    await tabTo(page, "#f-precision");
    await page.keyboard.type("GGUF Q4_K_M");
    expect(await page.locator("#f-precision").inputValue()).toBe("q4_k_m");
    await arrowTo(page, "mode", "buy");
    await tabTo(page, "#f-budgetUsd");
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.type("2000");
    await tabTo(page, 'input[name="formFactors"][value="desktop"]');
    await page.keyboard.press("Space");
    // Q4_K_M weights: 8,030,261,248 × 4.89 bits ÷ 8 = 4.91 GB.
    await expect.poll(() => page.locator(".adv-parts").textContent()).toContain("Weights: 4.91 GB");
    // The URL follows the answers, so a reload keeps them.
    await expect.poll(() => new URL(page.url()).searchParams.get("budgetUsd")).toBe("2000");
    await page.reload();
    expect(await page.locator("#f-precision").inputValue()).toBe("q4_k_m");
    expect(await page.locator('input[name="formFactors"][value="desktop"]').isChecked()).toBe(true);

    await page.locator("body").focus();
    await tabTo(page, 'button[type="submit"]');
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/advisor\/results\?/);
    const params = new URL(page.url()).searchParams;
    expect(Object.fromEntries(params)).toEqual({ model: "llama-3.1-8b", precision: "q4_k_m", mode: "buy", budgetUsd: "2000", formFactors: "desktop" });
    await page.locator("article[data-pick]").first().waitFor();

    const best = page.locator('article[data-pick~="best"]');
    const bestGpu = (await best.getAttribute("data-gpu"))!;
    expect(await best.getAttribute("data-count")).toBe("1");
    const facts = await gpuFacts(server.url, bestGpu);
    expect(facts.segment).toBe("consumer");
    expect(facts.memoryGB).toBeGreaterThanOrEqual(6);
    expect(await best.textContent()).toContain("fits on one GPU");
    expect(await best.locator('[data-field="cost"]').textContent()).toMatch(/^\$[\d,]+ to buy$/);
    const price = Number((await best.locator('[data-field="cost"]').textContent())!.replace(/[^0-9]/g, ""));
    expect(price).toBeLessThanOrEqual(2000);
    expect(await page.locator('article[data-pick~="budget"]').count()).toBe(1);
    // The table says how long a context each configuration holds: for the best pick's row, the GPU's
    // memory less 4.91 GB of weights, 0.5 GB of llama.cpp runtime and 46.65 MB of prompt buffers
    // (512 tokens × (4 × 4,096 + 2 × 14,336) × 2 B + 128,256 logits × 4 B), over 131,072 B of KV
    // cache per token (32 layers × 2 × 8 KV heads × 128 × 2 B).
    const maxContext = (await page.locator(`[data-testid="ranked-table"] tr[data-gpu="${bestGpu}"][data-count="1"] td[data-col="max-context"]`).textContent())!;
    expect(maxContext).toMatch(/^\d{1,3}(,\d{3})* tokens$/);
    const byHand = (facts.memoryGB * 1e9 - (8_030_261_248 * 4.89) / 8 - 0.5e9 - 46_650_368) / 131_072;
    expect(Math.abs(Number(maxContext.replace(/[^0-9]/g, "")) - byHand)).toBeLessThan(0.01 * byHand);
    // Every configuration shown is a purchase within budget.
    for (const cost of await page.locator('[data-testid="ranked-table"] td[data-col="cost"]').allTextContents()) {
      expect(Number(cost.replace(/[^0-9]/g, ""))).toBeLessThanOrEqual(2000);
    }
    expect(await seriousA11yViolations(page)).toEqual([]);

    const numbers = await shownNumbers(page);
    await page.locator("body").focus();
    await tabTo(page, ".adv-share > button");
    await page.keyboard.press("Enter");
    const shareUrl = await page.locator('[data-testid="share-url"]').inputValue({ timeout: 30_000 });
    expect(shareUrl).toMatch(/\/r\/[A-Za-z0-9]{12}$/);
    shared = { path: new URL(shareUrl).pathname, numbers, bestGpu, bestSpeed: (await best.locator('[data-field="speed"]').textContent())! };
    await page.close();

    const other = await launchBrowser();
    try {
      const fresh = await other.context.newPage();
      const response = await fresh.goto(`${server.url}${shared.path}`);
      expect(response?.status()).toBe(200);
      expect(response?.headers()["cache-control"]).toBe("private, max-age=300");
      await fresh.locator("article[data-pick]").first().waitFor();
      expect(await shownNumbers(fresh)).toEqual(numbers);
      expect(await fresh.locator('[data-testid="catalog-changed"]').count()).toBe(0);
      expect(await seriousA11yViolations(fresh)).toEqual([]);
    } finally {
      await other.close();
    }
    // Its social preview points at the address the link was opened at (behind a proxy), not localhost.
    const viaProxy = await (await fetch(`${server.url}${shared.path}`, { headers: { "x-forwarded-host": "advisor.example", "x-forwarded-proto": "https" } })).text();
    expect(viaProxy).toMatch(new RegExp(`<meta property="og:image" content="https://advisor\\.example${shared.path}/opengraph-image[^"]*"`));
    expect(viaProxy).toContain(`https://advisor.example${shared.path}`);
  });

  it("(b) QLoRA fine-tune of Llama 3.1 70B in the cloud: needs 48 GB or more, or several GPUs", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/advisor`);
    await page.locator("body").focus();
    await arrowTo(page, "task", "finetune");
    await arrowTo(page, "method", "qlora");
    await tabTo(page, "#f-modelFilter");
    await page.keyboard.type("llama 3.1 70b");
    expect(await page.locator("#f-model").inputValue()).toBe("llama-3.1-70b");
    await arrowTo(page, "mode", "rent");
    await tabTo(page, 'input[name="formFactors"][value="cloud"]');
    await page.keyboard.press("Space");
    // The linear layers' 68.45 B parameters at 4.127 bits (4-bit with scales) = 35.3 GB, the bf16 embedding and LM
    // head (2 × 128,256 × 8,192 = 2.10 B) 4.2 GB, and the fp32 adapter: about 40 GB of weights, no 24 GB card alone.
    await expect.poll(() => page.locator(".adv-parts").textContent()).toMatch(/Weights: 4[01]\.\d GB/);
    await tabTo(page, 'button[type="submit"]');
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/advisor\/results\?/);
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ task: "finetune", model: "llama-3.1-70b", method: "qlora", mode: "rent", formFactors: "cloud" });
    await page.locator("article[data-pick]").first().waitFor();
    for (const card of await page.locator("article[data-pick]").all()) {
      const slug = (await card.getAttribute("data-gpu"))!;
      const count = Number(await card.getAttribute("data-count"));
      const { memoryGB } = await gpuFacts(server.url, slug);
      expect(memoryGB >= 48 || count >= 2, `${slug} × ${count}`).toBe(true);
      expect(await card.locator('[data-field="cost"]').textContent()).toMatch(/per run/);
      expect(await card.locator('[data-field="speed"]').textContent()).toMatch(/h|min|days/);
    }
    await page.close();
  });

  it("a pick card's working (assumptions, the math, its sources) loads when opened by keyboard, the same on the share page and, without JavaScript, as a page", async () => {
    expect(shared, "scenario (a) shares a link first").toBeDefined();
    const resultsUrl = `${server.url}/advisor/results?model=llama-3.1-8b&precision=q4_k_m&mode=buy&budgetUsd=2000&formFactors=desktop`;
    const gpu = shared!.bestGpu;
    const facts = (await (await fetch(`${server.url}/api/v1/gpus/${gpu}`)).json()) as { memoryBandwidthGBps: number; sources: Record<string, string> };

    /** Opens the best pick's working with the keyboard; returns its text. */
    async function openWorking(page: Page): Promise<string> {
      const card = page.locator('article[data-pick~="best"]');
      const toggle = card.locator("button.adv-working-toggle");
      await toggle.waitFor();
      expect(await toggle.getAttribute("aria-expanded")).toBe("false");
      // Nothing of the working is in the page until it is opened.
      expect(await card.locator(".adv-math").count()).toBe(0);
      await page.locator("body").focus();
      await tabTo(page, 'article[data-pick~="best"] button.adv-working-toggle');
      await page.keyboard.press("Enter");
      const math = card.locator(".adv-math");
      await math.waitFor();
      expect(await toggle.getAttribute("aria-expanded")).toBe("true");
      expect(await page.evaluate(() => document.activeElement?.classList.contains("adv-working-toggle"))).toBe(true);
      // The region the button controls is the one that holds the working.
      expect(await page.locator(`[id="${await toggle.getAttribute("aria-controls")}"] .adv-math`).count()).toBe(1);
      const label = (await toggle.textContent())!;
      expect(await math.locator('[data-testid="assumptions"] li').count()).toBe(Number(/\((\d+)\)/.exec(label)![1]));
      // The memory side divides by the catalog's bandwidth, linked to the catalog's source for it.
      expect(await math.textContent()).toContain(`${facts.memoryBandwidthGBps} GB/s`);
      expect(await math.locator(`a[href="${facts.sources.memoryBandwidthGBps}"]`).count()).toBe(1);
      // 1 ÷ step is the speed the card shows.
      const cardSpeed = Number((await card.locator('[data-field="speed"]').textContent())!.split(" ")[0]);
      expect(await math.locator("li strong").first().textContent()).toBe(`${cardSpeed} tokens/s`);
      const text = (await math.textContent())!;
      await page.keyboard.press("Enter");
      expect(await toggle.getAttribute("aria-expanded")).toBe("false");
      expect(await math.isVisible()).toBe(false);
      return text;
    }

    const page = await browser.context.newPage();
    await page.goto(resultsUrl);
    const onResults = await openWorking(page);
    // The folded memory and bottleneck tables load when their fold is opened.
    expect(await page.locator("#memory-title").count()).toBe(0);
    await page.locator('[data-testid="results-details"] > summary').click();
    await page.locator("#memory-title").waitFor();
    expect(await page.locator("#bottleneck-title").count()).toBe(1);

    await page.goto(`${server.url}${shared!.path}`);
    expect(await openWorking(page)).toBe(onResults);

    // A failed load says so and offers a retry, which brings the working.
    await page.reload();
    let failures = 1;
    await page.route("**/picks/**", (route) => (failures-- > 0 ? route.fulfill({ status: 500, contentType: "application/json", body: '{"error":"internal error"}' }) : route.continue()));
    const card = page.locator('article[data-pick~="best"]');
    await card.locator("button.adv-working-toggle").click();
    const alert = card.getByRole("alert");
    expect(await alert.textContent()).toContain("Could not load the working: internal error");
    await alert.getByRole("button", { name: "Try again" }).click();
    await card.locator(".adv-math").waitFor();
    expect(await card.getByRole("alert").count()).toBe(0);
    await page.close();

    // The share document: GET answers what POST returned.
    const created = await fetch(`${server.url}/api/v1/recommendations`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ workload: { model: "llama-3.1-8b", precision: "q4_k_m" } }) });
    const posted = await created.text();
    const id = (JSON.parse(posted) as { id: string }).id;
    expect(await (await fetch(`${server.url}/api/v1/recommendations/${id}`)).text()).toBe(posted);

    // Without JavaScript the fold is a link to the working as a page: the same text.
    const noScript = await launchBrowser({ javaScriptEnabled: false });
    try {
      const plain = await noScript.context.newPage();
      await plain.goto(`${server.url}${shared!.path}`);
      const link = plain.locator('article[data-pick~="best"] .adv-working a');
      const href = (await link.getAttribute("href"))!;
      expect(href).toMatch(new RegExp(`^${shared!.path}/working#working-\\d+$`));
      await link.click();
      await plain.waitForURL(/\/working#working-/);
      expect(await plain.locator(`${new URL(href, server.url).hash} .adv-math`).textContent()).toBe(onResults);
      expect(await plain.locator("#memory-title").count()).toBe(1);
      await plain.close();
    } finally {
      await noScript.close();
    }
  });

  it("a shared page keeps its numbers after the catalog changes, and says so", async () => {
    expect(shared, "scenario (a) shares a link first").toBeDefined();
    await server.stop();
    const database = await openDatabase({ kind: "pglite", location: dataDir });
    try {
      const gpu = await database.prisma.gpu.findUniqueOrThrow({ where: { slug: shared!.bestGpu } });
      await database.prisma.gpu.update({ where: { slug: gpu.slug }, data: { memoryBandwidthGBps: gpu.memoryBandwidthGBps * 2, version: { increment: 1 } } });
      await database.prisma.catalogVersion.create({ data: { reason: "e2e: doubled the bandwidth of the best pick" } });
    } finally {
      await database.close();
    }
    server = await startServerOn(dataDir);

    const page = await browser.context.newPage();
    await page.goto(`${server.url}${shared!.path}`);
    await page.locator("article[data-pick]").first().waitFor();
    expect(await shownNumbers(page)).toEqual(shared!.numbers);
    const note = page.locator('[data-testid="catalog-changed"]');
    expect(await note.textContent()).toMatch(/catalog has changed/);
    const recompute = note.getByRole("link", { name: /Recompute/ });
    const href = (await recompute.getAttribute("href"))!;
    expect(Object.fromEntries(new URL(href, server.url).searchParams)).toEqual({ model: "llama-3.1-8b", precision: "q4_k_m", mode: "buy", budgetUsd: "2000", formFactors: "desktop" });
    // Recomputing on today's catalog gives the faster figure for that GPU.
    await recompute.focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/advisor\/results\?/);
    const row = page.locator(`[data-testid="ranked-table"] tr[data-gpu="${shared!.bestGpu}"][data-count="1"] td[data-col="speed"]`);
    const before = Number(shared!.bestSpeed.split(" ")[0]);
    const after = Number((await row.textContent())!.split(" ")[0]);
    expect(after).toBeGreaterThan(before);
    await page.close();
  });

  it("reads well on a phone: no sideways scrolling on the questionnaire or the results", async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    for (const [name, url] of [
      ["advisor", "/advisor"],
      ["results", "/advisor/results?model=llama-3.1-8b&precision=q4_k_m&mode=buy&budgetUsd=2000&formFactors=desktop"],
    ] as const) {
      await page.goto(`${server.url}${url}`);
      await page.locator(name === "advisor" ? '[data-testid="preview-total"]' : "article[data-pick]").first().waitFor();
      const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
      expect(scrollWidth, name).toBeLessThanOrEqual(innerWidth);
      const file = path.join(SCREENSHOTS, `${name}-390.png`);
      await page.screenshot({ path: file, fullPage: true });
      expect(fs.statSync(file).size).toBeGreaterThan(10_000);
      if (name === "results") {
        // The memory and bottleneck tables load when their fold is opened.
        await page.locator('[data-testid="results-details"] > summary').click();
        await page.locator("#memory-title").waitFor();
        // Screen-sized views of the parts a reader scrolls to, for looking at them one by one.
        for (const part of ["picks-title", "scatter-title", "memory-title", "table-title"]) {
          await page.locator(`#${part}`).evaluate((el) => el.scrollIntoView());
          await page.screenshot({ path: path.join(SCREENSHOTS, `results-390-${part}.png`) });
        }
      }
    }
    await page.close();
  });

  it("asks about images, not tokens, for a vision model, and a channels_last layout trains the same pick in less time", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/advisor?task=training&model=resnet-50&precision=fp16&batchSize=256`);
    await page.locator('[data-testid="preview-total"]').waitFor();
    expect(await page.locator("#f-sequenceLength").count()).toBe(0);
    expect(await page.locator('label[for="f-trainingTokens"]').textContent()).toContain("(images)");
    expect(await page.locator('label[for="f-batchSize"]').textContent()).toContain("images per step");
    expect(await page.locator("#f-memoryFormat option").allTextContents()).toEqual(["Automatic: PyTorch's default NCHW", "channels_last (NHWC)", "NCHW"]);
    // A language model's training keeps its token fields and has no layout to choose.
    await page.goto(`${server.url}/advisor?task=training&model=llama-3.2-1b`);
    await page.locator('[data-testid="preview-total"]').waitFor();
    expect(await page.locator("#f-sequenceLength").count()).toBe(1);
    expect(await page.locator("#f-memoryFormat").count()).toBe(0);

    const best = async (layout: string) => {
      // Desktop cards: below the input-bound rate the fastest datacenter GPUs reach in both layouts.
      await page.goto(`${server.url}/advisor/results?task=training&model=resnet-50&precision=fp16&batchSize=256&trainingTokens=1.15e8&maxGpus=1&mode=buy&formFactors=desktop${layout}`);
      const card = page.locator('article[data-pick~="fastest"]');
      await card.waitFor();
      return { gpu: await card.getAttribute("data-gpu"), speed: (await card.locator('[data-field="speed"]').textContent())! };
    };
    const nchw = await best("");
    const nhwc = await best("&memoryFormat=nhwc");
    expect(nhwc.gpu).toBe(nchw.gpu);
    // A training pick's speed is the run's time ("15.8 h (likely …)"): the same unit, fewer of them.
    const [nhwcTime, nhwcUnit] = nhwc.speed.replace(/,/g, "").split(" ");
    const [nchwTime, nchwUnit] = nchw.speed.replace(/,/g, "").split(" ");
    expect(nhwcUnit).toBe(nchwUnit);
    expect(Number(nhwcTime)).toBeLessThan(Number(nchwTime));
    await page.close();
  });

  it("shows field-named errors for a bad link, and a real 404 for an unknown share id", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/advisor/results?model=llama-3.1-8b&batchSize=lots&maxGpus=9`);
    const batch = page.locator("#f-batchSize");
    expect(await batch.getAttribute("aria-invalid")).toBe("true");
    const describedBy = (await batch.getAttribute("aria-describedby"))!;
    expect(await page.locator(`[id="${describedBy.split(" ").pop()}"]`).textContent()).toBe('must be a number (got "lots")');
    expect(await page.locator("#f-maxGpus-error").textContent()).toBe("must be at most 8");
    const missing = await page.goto(`${server.url}/r/AAAAAAAAAAAA`);
    expect(missing?.status()).toBe(404);
    await page.close();
  });
});
