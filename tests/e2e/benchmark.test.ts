import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { usePageSuite } from "./helpers/page-suite";

// Headless Chromium renders with SwiftShader (software): the kernels run for real on the CPU, the
// page must say no hardware GPU was found, and the matcher must not claim a catalog GPU.

interface ContractResult {
  renderer: string;
  matchedGpu: string | null;
  backend: string;
  matmulGflops: number | null;
  bandwidthGBps: number | null;
  maxAbsError: number | null;
  durationMs: number;
}

async function openBenchmark(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/benchmark`);
  // The button enables once the page has read the GPU's name.
  await expect.poll(() => page.getByRole("button", { name: "Run benchmark" }).isEnabled(), { timeout: 30_000 }).toBe(true);
}

describe("the browser benchmark in Chromium", () => {
  const suite = usePageSuite();

  it("runs, checks its results, reports software rendering honestly, and the submission appears on the GPU page", async () => {
    const { server, page } = suite;
    await openBenchmark(page, server.url);
    const renderer = await page.getByTestId("renderer").textContent();
    expect(renderer).toMatch(/SwiftShader/i);
    await expect.poll(() => page.getByText("No hardware GPU found.").count()).toBe(1);

    await page.getByRole("button", { name: "Run benchmark" }).click();
    await expect.poll(() => page.locator("progress").count(), { timeout: 10_000 }).toBe(1);
    // The kernels run in a worker: the page answers while they run.
    const t0 = Date.now();
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 10)));
    expect(Date.now() - t0).toBeLessThan(1500);

    const resultText = await page.getByTestId("benchmark-result").textContent({ timeout: 90_000 });
    const result = JSON.parse(resultText ?? "") as ContractResult;
    expect(Object.keys(result).sort()).toEqual(["backend", "bandwidthGBps", "durationMs", "matchedGpu", "matmulGflops", "maxAbsError", "renderer"]);
    expect(result.renderer).toBe(renderer);
    expect(result.matchedGpu).toBeNull();
    expect(["webgpu", "webgl2", "webgl", "cpu"]).toContain(result.backend);
    expect(result.matmulGflops).toBeGreaterThan(0);
    expect(result.bandwidthGBps).toBeGreaterThan(0);
    expect(result.maxAbsError).not.toBeNull();
    expect(result.maxAbsError).toBeLessThan(1e-3);
    expect(result.durationMs).toBeGreaterThan(0);
    expect(result.durationMs).toBeLessThan(60_000);
    expect(await page.getByText("in a Web Worker").count()).toBe(1);
    // Until a GPU is picked there is no peak to compare with and nothing to submit.
    expect(await page.getByRole("link", { name: "Use my GPU in the advisor" }).count()).toBe(0);

    // Pick a catalog GPU by hand, as a visitor whose renderer is hidden would.
    const select = page.getByLabel(/Which GPU is this/);
    await select.selectOption("rtx-4090");
    const advisor = await page.getByRole("link", { name: "Use my GPU in the advisor" }).getAttribute("href");
    expect(advisor).toMatch(/^\/advisor\?my=rtx-4090,\d+(\.\d+)?,\d+(\.\d+)?$/);
    // A software renderer is far below a typical RTX 4090 in a browser: both ratios sit at the lower clamp.
    expect(advisor).toBe("/advisor?my=rtx-4090,0.25,0.25");

    await page.getByRole("button", { name: /Submit this result for the/ }).click();
    const status = page.getByText(/run #\d+ was added/);
    await status.waitFor({ timeout: 30_000 });
    const id = Number(/run #(\d+)/.exec((await status.textContent()) ?? "")?.[1]);
    expect(id).toBeGreaterThan(0);

    await page.getByRole("link", { name: "See the community results" }).click();
    await page.waitForURL(/\/gpus\/rtx-4090/);
    const section = page.getByTestId("community-results");
    await section.waitFor();
    // A software-renderer run is listed but not counted in the medians.
    expect(await section.textContent()).toContain("No counted runs yet. 1 run from software renderers or the CPU fallback measured no GPU");
    const row = section.locator(`tr[data-run-id="${id}"]`);
    expect(await row.count()).toBe(1);
    expect(await row.textContent()).toContain("no: software renderer");
    expect(await row.textContent()).toContain(result.backend);
  });

  it("cancels a run without reporting anything", async () => {
    const { server, page } = suite;
    await openBenchmark(page, server.url);
    await page.getByRole("button", { name: "Run benchmark" }).click();
    await page.getByRole("button", { name: "Cancel" }).click();
    await page.getByText("Cancelled. Nothing was measured or sent.").waitFor();
    expect(await page.getByTestId("benchmark-result").count()).toBe(0);
    expect(await page.getByRole("button", { name: "Run benchmark" }).isEnabled()).toBe(true);
  });
});
