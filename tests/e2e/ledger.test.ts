import { readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, type TestBrowser } from "./helpers/browser";
import { startServerWithAdmin, type TestServer } from "./helpers/server";

// A visitor pastes llama-bench output in Chromium; an editor accepts it; it shows on the GPU page and in the advisor.
const EDITOR = { email: "e2e-ledger-admin@example.com", password: "e2e ledger admin password" };
const table = readFileSync(path.resolve("tests/fixtures/ledger/llama-bench-readme-md.txt"), "utf8");
const PASTE = `ggml_cuda_init: found 1 CUDA devices:\n  Device 0: NVIDIA GeForce RTX 4090, compute capability 8.9, VMM: yes\n${table}\nbuild: 8cf427ff (5163)\n`;

describe("the measured-results ledger in Chromium", () => {
  let server: TestServer;
  let browser: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    server = await startServerWithAdmin(EDITOR);
    browser = await launchBrowser();
    page = await browser.context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("pastes a llama-bench table, previews it against the estimate and sends it for review", async () => {
    await page.goto(`${server.url}/measurements`);
    await page.getByRole("textbox", { name: "Pasted output" }).fill(PASTE);
    await page.getByRole("button", { name: "Preview" }).click();
    const result = page.getByTestId("ledger-result");
    await result.getByText("Preview (nothing sent yet)").waitFor();
    expect(await result.locator("tbody tr").count()).toBe(2);
    expect(await result.textContent()).toContain("rtx-4090");

    await page.getByRole("button", { name: "Send for review" }).click();
    await result.getByText("Thank you: 2 runs sent for review").waitFor();
    const calibrate = await page.getByTestId("ledger-calibrate").getAttribute("href");
    expect(calibrate).toMatch(/^\/advisor\?model=llama-2-7b&precision=q4_0&my=rtx-4090%2C/);

    // A bad paste names the line.
    await page.getByRole("textbox", { name: "Pasted output" }).fill(table.replace("131.42 ± 0.59", "fast"));
    await page.locator('select[name="gpu"]').selectOption("rtx-4090");
    await page.getByRole("button", { name: "Preview" }).click();
    expect(await page.getByTestId("ledger-error").textContent()).toContain('line 4: unreadable t/s "fast"');
  });

  it("after an editor accepts the decode run, the GPU page and the advisor's results show it", async () => {
    const login = await fetch(`${server.url}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json", origin: server.url }, body: JSON.stringify(EDITOR) });
    expect(login.status).toBe(200);
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0];
    const queue = (await (await fetch(`${server.url}/api/v1/admin/measurements`, { headers: { cookie } })).json()) as { runs: { id: number; metric: string }[] };
    const decode = queue.runs.find((r) => r.metric === "decodeTokensPerSecond");
    expect(decode).toBeTruthy();
    const accepted = await fetch(`${server.url}/api/v1/admin/measurements/${decode!.id}`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: server.url, cookie, "x-csrf-token": csrfToken },
      body: JSON.stringify({ action: "accept" }),
    });
    expect(accepted.status).toBe(200);

    await page.goto(`${server.url}/gpus/rtx-4090`);
    const section = page.getByTestId("measured-results");
    await section.waitFor();
    const text = await section.textContent();
    expect(text).toContain("llama-2-7b · q4_0");
    expect(text).toContain("131");

    await page.goto(`${server.url}/advisor/results?model=llama-2-7b&precision=q4_0&engine=llama.cpp`);
    const measured = page.getByTestId("measured-workload");
    await measured.waitFor();
    expect(await measured.textContent()).toMatch(/RTX 4090\s*measured decode, 128 tokens with llama\.cpp: 131/);
  });
});
