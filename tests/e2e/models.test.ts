import { describe, expect, it } from "vitest";
import { usePageSuite } from "./helpers/page-suite";
import { seriousA11yViolations } from "./helpers/axe";



/** "16.1 GB (KV 0.537)" → 16.1 */
const gb = (text: string | null) => Number((text ?? "").replace(/,/g, "").match(/[\d.]+/)?.[0]);

describe("the model pages in Chromium", () => {
  const suite = usePageSuite();

  it("lists every preset by kind, each linking to its page, and filters by name through the URL", async () => {
    const { server, page } = suite;
    await page.goto(`${server.url}/models`);
    expect(await page.locator("h1").textContent()).toBe("Models");
    expect(await page.locator('tbody tr[data-model] a[href^="/models/"]').count()).toBeGreaterThanOrEqual(80);
    expect(await page.locator('section[data-kind="llm"]').count()).toBe(1);
    expect(await page.locator('section[data-kind="diffusion"]').count()).toBe(1);

    await page.getByRole("searchbox", { name: "Search" }).fill("llama 3.1");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL(/q=llama/);
    const ids = await page.locator("tbody tr[data-model]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-model")));
    expect(ids).toContain("llama-3.1-8b");
    expect(ids.length).toBeLessThan(10);

    await page.getByRole("link", { name: "Llama 3.1 8B", exact: true }).click();
    await page.waitForURL(/\/models\/llama-3\.1-8b$/);
    expect(await page.locator("h1").textContent()).toBe("Llama 3.1 8B");
  });

  it("shows Llama 3.1 8B's memory per precision (bf16: 2 B × 8.03e9 ≈ 16.1 GB) and a table of GPUs at batch 1", async () => {
    const { server, page } = suite;
    const response = await page.goto(`${server.url}/models/llama-3.1-8b`);
    expect(response?.status()).toBe(200);
    expect(await page.title()).toContain("Llama 3.1 8B");
    const memory = page.getByTestId("model-memory");
    expect(gb(await memory.locator('tr[data-precision="bf16"] td[data-field="weights"]').textContent())).toBeCloseTo(16.1, 1);
    // Q4_K_M: 4.89 bits per weight × 8.03e9 / 8 ≈ 4.91 GB.
    expect(gb(await memory.locator('tr[data-precision="q4_k_m"] td[data-field="weights"]').textContent())).toBeCloseTo(4.91, 1);
    // Weights + KV at 131,072 tokens: 16.06 + 2 × 32 × 8 × 128 × 2 B × 131,072 = 16.06 + 17.18 ≈ 33.2 GB.
    expect(gb(await memory.locator('tr[data-precision="bf16"] td[data-context="131072"]').textContent())).toBeCloseTo(33.2, 1);

    const gpus = page.getByTestId("model-gpus");
    expect(await gpus.locator("tbody tr").count()).toBeGreaterThanOrEqual(3);
    const fastest = gpus.locator('tr[data-role="fastest"]');
    expect(await fastest.locator('td[data-field="speed"]').textContent()).toMatch(/tokens\/s/);
    expect(await page.locator('a[href="/advisor?model=llama-3.1-8b"]').count()).toBeGreaterThan(0);
    const compare = await page.locator('a[href^="/compare?"]').first().getAttribute("href");
    expect(new URLSearchParams(compare!.split("?")[1]).get("model")).toBe("llama-3.1-8b");
    expect(await page.getByTestId("measured-results").count()).toBe(1);
    expect(await page.locator('a[href*="huggingface.co/meta-llama/Llama-3.1-8B/blob/main/config.json"]').count()).toBe(1);
  });

  it("answers an unknown model id with the not-found page and status 404", async () => {
    const { server, page } = suite;
    const response = await page.goto(`${server.url}/models/no-such-model`);
    expect(response?.status()).toBe(404);
    expect(await page.locator("h1").textContent()).toBe("Model not found");
  });

  it("has no serious or critical axe violations and no sideways scroll at 390 px", async () => {
    const { server, page } = suite;
    await page.setViewportSize({ width: 390, height: 844 });
    for (const path of ["/models", "/models/llama-3.1-8b", "/models/mixtral-8x7b", "/models/resnet-50"]) {
      await page.goto(`${server.url}${path}`);
      expect(await seriousA11yViolations(page), path).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390);
    }
  });
});
