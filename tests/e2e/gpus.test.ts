import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { usePageSuite } from "./helpers/page-suite";

/** Reads the figures shown in one column of the GPU table ("1,536" → 1536; "—" → null). */
async function columnNumbers(page: Page, column: string): Promise<(number | null)[]> {
  const texts = await page.locator(`tbody td[data-col="${column}"]`).allTextContents();
  return texts.map((text) => {
    const value = Number(text.replace(/[^0-9.]/g, ""));
    return text.trim() === "—" || Number.isNaN(value) ? null : value;
  });
}

describe("the GPU catalog in Chromium", () => {
  const suite = usePageSuite();

  it("sorts by memory, largest first, when the Memory header is clicked", async () => {
    const { server, page } = suite;
    await page.goto(`${server.url}/gpus`);
    expect(await page.locator("tbody tr").count()).toBeGreaterThan(1);
    await page.getByRole("link", { name: "Memory (GB)" }).click();
    await page.waitForURL(/sort=memoryGB/);
    await expect.poll(() => page.locator('th[aria-sort="descending"] a[data-sort="memoryGB"]').count()).toBe(1);
    const memory = await columnNumbers(page, "memoryGB");
    expect(memory.length).toBeGreaterThan(1);
    expect(memory).not.toContain(null);
    expect(memory).toEqual([...memory].sort((a, b) => (b ?? 0) - (a ?? 0)));
    expect(memory[0]).toBeGreaterThan(memory[memory.length - 1] ?? 0);
  });

  it("filters by vendor, keeps the filter in the URL, and keeps it while sorting", async () => {
    const { server, page } = suite;
    await page.goto(`${server.url}/gpus`);
    const allRows = await page.locator("tbody tr").count();
    await page.locator('input[name="vendor"][value="amd"]').check();
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL(/vendor=amd/);
    expect(new URL(page.url()).searchParams.getAll("vendor")).toEqual(["amd"]);
    const vendors = await page.locator("tbody tr td:nth-child(3)").allTextContents();
    expect(vendors.length).toBeGreaterThan(0);
    expect(vendors.length).toBeLessThan(allRows);
    expect(new Set(vendors)).toEqual(new Set(["AMD"]));
    await expect.poll(() => page.locator('input[name="vendor"][value="amd"]').isChecked()).toBe(true);

    await page.getByRole("link", { name: "Memory (GB)" }).click();
    await page.waitForURL(/sort=memoryGB/);
    expect(new URL(page.url()).searchParams.get("vendor")).toBe("amd");
    expect(new Set(await page.locator("tbody tr td:nth-child(3)").allTextContents())).toEqual(new Set(["AMD"]));
  });

  it("opens a spec sheet with its heading and a source link", async () => {
    const { server, page } = suite;
    await page.goto(`${server.url}/gpus`);
    const link = page.locator("tbody tr td:nth-child(2) a").first();
    const name = (await link.textContent())?.trim() ?? "";
    expect(name.length).toBeGreaterThan(1);
    await link.click();
    await page.waitForURL(/\/gpus\/[a-z0-9.-]+$/);
    await expect.poll(() => page.locator("h1").textContent()).toBe(name);
    const source = page.locator('tr[data-figure="memoryGB"] a');
    expect(await source.getAttribute("href")).toMatch(/^https?:\/\//);
    expect(await page.title()).toContain(`${name} specifications`);
  });

  it("prints release years as years (2022, not 2,022) in the table, the spec sheet and the compare view", async () => {
    const { server, page } = suite;
    await page.goto(`${server.url}/gpus?sort=releaseYear`);
    const years = (await page.locator('tbody td[data-col="releaseYear"]').allTextContents()).map((t) => t.trim()).filter((t) => t !== "—");
    expect(years.length).toBeGreaterThan(100);
    for (const year of years) expect(year).toMatch(/^20\d\d$/);
    await page.goto(`${server.url}/gpus/rtx-4090`);
    expect((await page.locator('tr[data-figure="releaseYear"] td.num').textContent())?.trim()).toBe("2022");
    await page.goto(`${server.url}/compare?gpus=rtx-4090,h100-sxm`);
    const compared = (await page.locator('tr:has(th:text-is("Release year")) td').allTextContents()).map((t) => t.trim());
    expect(compared).toEqual(["2022", "2022"]);
  });

  it("labels a cloud price seen more than 90 days ago as possibly out of date", async () => {
    const { server, page } = suite;
    // The seed's Google Cloud g2-standard-4 (1x L4) price was read on 2025-03-06.
    await page.goto(`${server.url}/gpus/l4`);
    const stale = page.locator("td[data-stale]");
    expect(await stale.count()).toBeGreaterThan(0);
    expect(await page.locator("body").textContent()).toContain("price seen 2025-03-06, may be out of date");
  });

  it("answers an unknown GPU with the not-found page and status 404", async () => {
    const { server, page } = suite;
    const response = await page.goto(`${server.url}/gpus/no-such-gpu`);
    expect(response?.status()).toBe(404);
    expect(await page.locator("h1").textContent()).toBe("GPU not found");
    expect(await page.getByRole("link", { name: "Browse all GPUs" }).getAttribute("href")).toBe("/gpus");
  });
});
