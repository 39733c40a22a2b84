import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, type TestBrowser } from "./helpers/browser";
import { startServerWithAdmin, type TestServer } from "./helpers/server";

// The admin editor in real Chromium against `next start`, the admin account bootstrapped from
// ADMIN_EMAIL / ADMIN_PASSWORD when the server first opens its (fresh) database.
const ADMIN = { email: "e2e-admin@example.com", password: "e2e admin password" };
const SLUG = "l40s";
// Llama 3.1 8B in fp16 at batch 1: decode reads all ~16 GB of weights per token, so it is
// memory-bandwidth-bound and tokens/s scale with bandwidth: doubling 864 → 1728 GB/s doubles it.
const OLD_BANDWIDTH = 864;
const NEW_BANDWIDTH = 1728;
const RECOMMENDATION = { workload: { model: "llama-3.1-8b", precision: "fp16", batchSize: 1 } };
const XSS_NAME = "<script>alert(1)</script>";
const XSS_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;";

/** A share document's row (lib/share/document.ts): `speed` is decode tokens/s for batch-1 inference. */
interface RankedResult {
  gpu: string;
  count: number;
  speed: number | null;
}

function decodeOf(body: { results: RankedResult[] }, slug: string): number {
  const entry = body.results.find((r) => r.gpu === slug && r.count === 1);
  if (!entry || entry.speed === null) throw new Error(`no single-${slug} result with a decode speed`);
  return entry.speed;
}

async function apiLogin(url: string, user: { email: string; password: string }): Promise<{ cookie: string; csrfToken: string }> {
  const response = await fetch(`${url}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json", origin: url }, body: JSON.stringify(user) });
  expect(response.status).toBe(200);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie: (response.headers.get("set-cookie") ?? "").split(";")[0], csrfToken };
}

describe("admin catalog editing in Chromium", () => {
  let server: TestServer;
  let browser: TestBrowser;
  let page: Page;
  const dialogs: string[] = [];

  beforeAll(async () => {
    server = await startServerWithAdmin(ADMIN);
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("signs in, edits a GPU's bandwidth with a source, changes new recommendations but not an old share link, and reverts it from the audit log", async () => {
    const url = server.url;
    const before = await fetch(`${url}/api/v1/recommendations`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(RECOMMENDATION) });
    expect(before.status).toBe(201);
    const shared = (await before.json()) as { id: string; catalogVersion: number; results: RankedResult[] };
    const oldDecode = decodeOf(shared, SLUG);

    // Signed out, /admin sends us to the sign-in page and back.
    await page.goto(`${url}/admin`);
    await page.waitForURL(/\/admin\/login\?next=%2Fadmin$/);
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password").fill("wrong password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.locator("form [role=alert]").textContent()).toBe("invalid email or password");
    await page.getByLabel("Password").fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${url}/admin`);
    await expect.poll(() => page.locator("h1").textContent()).toBe("Catalog");

    await page.getByLabel("Search GPUs and offers").fill("L40S");
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL(/\/admin\?q=L40S/);
    await page.locator(`tr[data-slug="${SLUG}"] a`).click();
    await page.waitForURL(`${url}/admin/gpus/${SLUG}`);
    const bandwidth = page.locator("#field-memoryBandwidthGBps");
    expect(await bandwidth.inputValue()).toBe(String(OLD_BANDWIDTH));

    // A changed figure without its source is refused, in words, next to the field.
    await bandwidth.fill(String(NEW_BANDWIDTH));
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect.poll(() => page.locator(".admin-field.changed .field-error").first().textContent()).toContain("source URL");
    await page.locator("#source-memoryBandwidthGBps").fill("https://example.com/l40s-datasheet");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect.poll(() => page.locator("#form-status [role=status]").textContent()).toMatch(/^Saved: now version \d+\.$/);

    // The public catalog shows the new figure…
    await page.goto(`${url}/gpus`);
    await expect.poll(() => page.locator(`tr[data-slug="${SLUG}"] td[data-col="memoryBandwidthGBps"]`).textContent()).toBe("1,728");
    // …a fresh recommendation uses it (bandwidth-bound decode: twice as fast)…
    const fresh = (await (await fetch(`${url}/api/v1/recommendations`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(RECOMMENDATION) })).json()) as {
      catalogVersion: number;
      results: RankedResult[];
    };
    expect(fresh.catalogVersion).toBeGreaterThan(shared.catalogVersion);
    expect(decodeOf(fresh, SLUG) / oldDecode).toBeCloseTo(NEW_BANDWIDTH / OLD_BANDWIDTH, 1);
    // …and the share link made before the edit still shows what it showed.
    // (GET answers the same share document POST returned.)
    const again = (await (await fetch(`${url}/api/v1/recommendations/${shared.id}`)).json()) as { catalogVersion: number; results: RankedResult[] };
    expect(again.catalogVersion).toBe(shared.catalogVersion);
    expect(decodeOf(again, SLUG)).toBe(oldDecode);
    expect(again.results).toEqual(shared.results);

    // The audit log shows the change as a diff; revert it with one click.
    await page.goto(`${url}/admin/audit`);
    const entry = page.locator("li[data-audit-id]").first();
    expect(await entry.locator('tr[data-field="memoryBandwidthGBps"] td.before').textContent()).toBe(String(OLD_BANDWIDTH));
    expect(await entry.locator('tr[data-field="memoryBandwidthGBps"] td.after').textContent()).toBe(String(NEW_BANDWIDTH));
    expect(await entry.locator('tr[data-field="sources.memoryBandwidthGBps"] td.after').textContent()).toBe("https://example.com/l40s-datasheet");
    const entryId = await entry.getAttribute("data-audit-id");
    await entry.getByRole("button", { name: `Revert entry ${entryId}` }).click();
    await expect.poll(() => page.locator("li[data-audit-id]").first().locator(".audit-head").textContent()).toContain(`reverts #${entryId}`);

    await page.goto(`${url}/gpus`);
    expect(await page.locator(`tr[data-slug="${SLUG}"] td[data-col="memoryBandwidthGBps"]`).textContent()).toBe("864");
    const reverted = (await (await fetch(`${url}/api/v1/gpus/${SLUG}`)).json()) as { memoryBandwidthGBps: number };
    expect(reverted.memoryBandwidthGBps).toBe(OLD_BANDWIDTH);
  });

  it("shows a GPU named <script>alert(1)</script> escaped on every public and admin page, and never runs it", async () => {
    const url = server.url;
    const session = await apiLogin(url, ADMIN);
    const created = await fetch(`${url}/api/v1/admin/gpus`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: url, "x-csrf-token": session.csrfToken, cookie: session.cookie },
      body: JSON.stringify({
        slug: "xss-probe",
        name: XSS_NAME,
        vendor: "nvidia",
        segment: "datacenter",
        architecture: XSS_NAME,
        formFactor: "pcie",
        memoryGB: 16,
        memoryBandwidthGBps: 500,
        notes: XSS_NAME,
        sources: { memoryGB: "https://example.com/xss", memoryBandwidthGBps: "https://example.com/xss" },
      }),
    });
    expect(created.status).toBe(201);
    const pages = ["/gpus", "/gpus/xss-probe", "/compare?gpus=xss-probe,h100-sxm", "/admin", "/admin/gpus/xss-probe", "/admin/audit"];
    for (const path of pages) {
      const response = await fetch(`${url}${path}`, { headers: { cookie: session.cookie } });
      expect(response.status, path).toBe(200);
      const html = await response.text();
      expect(html, path).toContain(XSS_ESCAPED);
      expect(html.includes("<script>alert(1)"), path).toBe(false);
    }
    for (const path of pages) {
      await page.goto(`${url}${path}`);
      await page.waitForLoadState("load");
    }
    expect(dialogs).toEqual([]);
  });

  it("keeps signed-out visitors and editors out: 401 from the API, the sign-in page, and 403 on the users page", async () => {
    const url = server.url;
    const anonymous = await fetch(`${url}/api/v1/admin/gpus/${SLUG}`, { method: "PATCH", headers: { "content-type": "application/json", origin: url }, body: JSON.stringify({ version: 1, notes: "x" }) });
    expect(anonymous.status).toBe(401);
    const admin = await apiLogin(url, ADMIN);
    const editorUser = { email: "e2e-editor@example.com", password: "e2e editor password" };
    const made = await fetch(`${url}/api/v1/admin/users`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: url, "x-csrf-token": admin.csrfToken, cookie: admin.cookie },
      body: JSON.stringify({ ...editorUser, role: "editor" }),
    });
    expect(made.status).toBe(201);
    const editor = await apiLogin(url, editorUser);
    expect((await fetch(`${url}/admin/users`, { headers: { cookie: editor.cookie } })).status).toBe(403);
    expect((await fetch(`${url}/admin/users`, { headers: { cookie: admin.cookie } })).status).toBe(200);
    const foreign = await fetch(`${url}/api/v1/admin/gpus/${SLUG}`, {
      method: "DELETE",
      headers: { origin: "https://evil.example", "x-csrf-token": editor.csrfToken, cookie: editor.cookie },
    });
    expect(foreign.status).toBe(403);
  });
});
