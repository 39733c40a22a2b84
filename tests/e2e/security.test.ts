import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { leaksInternals } from "../helpers-hardening/routes";
import { startApp, type AppServer } from "../helpers-hardening/server";
import { launchBrowser, type TestBrowser } from "./helpers/browser";
import { startServer, type TestServer } from "./helpers/server";

/**
 * Security headers and the CSP nonce on every page of the built app, checked in the HTML and in
 * real Chromium (pages hydrate with no CSP violation), and error answers that reveal nothing
 * about the server's insides.
 */
interface Fetched {
  status: number;
  headers: Headers;
  text: string;
}

async function fetchText(url: string, init?: RequestInit): Promise<Fetched> {
  const response = await fetch(url, { redirect: "manual", ...init });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name, values]),
  );
}

/** Asserts the security headers and returns the CSP nonce. */
function checkHeaders(what: string, headers: Headers): string {
  const csp = headers.get("content-security-policy");
  expect(csp, `${what}: Content-Security-Policy`).toBeTruthy();
  const policy = directives(csp!);
  const scriptSrc = policy.get("script-src") ?? [];
  const nonces = scriptSrc.filter((v) => /^'nonce-[A-Za-z0-9+/=]{16,}'$/.test(v));
  expect(nonces, `${what}: one nonce in script-src`).toHaveLength(1);
  expect(scriptSrc, `${what}: script-src`).not.toContain("'unsafe-inline'");
  expect(scriptSrc).not.toContain("*");
  expect(policy.get("frame-ancestors"), `${what}: frame-ancestors`).toEqual(["'none'"]);
  expect(policy.get("object-src")).toEqual(["'none'"]);
  expect(policy.get("base-uri")).toEqual(["'self'"]);
  expect(headers.get("x-content-type-options"), what).toBe("nosniff");
  expect(headers.get("referrer-policy"), what).toMatch(/^(no-referrer|strict-origin|strict-origin-when-cross-origin|same-origin)$/);
  expect(headers.get("permissions-policy"), what).toMatch(/camera=\(\)/);
  expect(headers.get("x-powered-by"), what).toBeNull();
  return nonces[0].slice("'nonce-".length, -1);
}

/** Every <script> element in the HTML carries the response's nonce ('strict-dynamic' ignores 'self'). */
function checkScriptNonces(what: string, html: string, nonce: string): number {
  const tags = [...html.matchAll(/<script\b[^>]*>/gi)].map((m) => m[0]);
  for (const tag of tags) expect(tag, `${what}: script without the nonce`).toContain(`nonce="${nonce}"`);
  return tags.length;
}

describe("security headers, CSP nonces and error pages of the built app", () => {
  let server: TestServer;
  let browser: TestBrowser;
  let pages: string[];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const gpus = (await (await fetch(`${server.url}/api/v1/gpus`)).json()) as { slug: string }[];
    const created = await fetch(`${server.url}/api/v1/recommendations`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ workload: { model: "llama-3.1-8b", precision: "q4_k_m" } }),
    });
    const { id } = (await created.json()) as { id: string };
    pages = ["/", "/gpus", `/gpus/${gpus[0].slug}`, "/compare", "/advisor", "/api-docs", `/r/${id}`];
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("every page sends the security headers, a fresh nonce per response, and nonces on all its scripts", async () => {
    for (const path of [...pages, "/no-such-page"]) {
      const first = await fetchText(server.url + path);
      expect(first.status, path).toBe(path === "/no-such-page" ? 404 : 200);
      const nonce = checkHeaders(path, first.headers);
      // The landing page (pages/index.tsx) ships no JavaScript: no script of any kind, so none to
      // carry a nonce (the policy still allows none but nonced ones). Every other page has Next's.
      if (path === "/") expect(checkScriptNonces(path, first.text, nonce), "/ has no script at all").toBe(0);
      else expect(checkScriptNonces(path, first.text, nonce), `${path} has scripts`).toBeGreaterThan(0);
      const second = await fetchText(server.url + path);
      expect(checkHeaders(path, second.headers), `${path}: the nonce changes per response`).not.toBe(nonce);
    }
  });

  it("API answers carry nosniff and the policy too", async () => {
    for (const path of ["/api/v1/gpus", "/api/health", "/api/v1/recommendations/xxxxxxxxxxxx"]) {
      const answer = await fetchText(server.url + path);
      checkHeaders(path, answer.headers);
      expect(answer.headers.get("content-type")).toMatch(/^application\/json/);
    }
  });

  it("every page hydrates in Chromium with no CSP violation and no console error", async () => {
    for (const path of [...pages, "/no-such-page"]) {
      const page: Page = await browser.context.newPage();
      const problems: string[] = [];
      page.on("console", (message) => {
        // Failed loads are reported with their address by the response listener below.
        if (message.type() === "error" && !/^Failed to load resource/.test(message.text())) problems.push(`console: ${message.text()}`);
      });
      page.on("response", (response) => {
        if (response.status() >= 400 && response.url() !== server.url + path) problems.push(`${response.status()} ${response.url()}`);
      });
      page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
      await page.addInitScript(() => {
        const store: string[] = [];
        (window as unknown as { __csp: string[] }).__csp = store;
        document.addEventListener("securitypolicyviolation", (event) =>
          store.push(`${event.violatedDirective} ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}:${event.columnNumber} ${event.sample}`),
        );
      });
      const scripts: string[] = [];
      page.on("request", (request) => request.resourceType() === "script" && scripts.push(request.url()));
      await page.goto(server.url + path, { waitUntil: "networkidle" });
      if (path === "/") {
        // Nothing to hydrate: no script element, and no script loaded.
        expect(await page.locator("script").count(), "/ has no script element").toBe(0);
        expect(scripts, "/ loads no script").toEqual([]);
      } else {
        // React attaches its fiber to <html> when it hydrates the document.
        await page.waitForFunction(() => Object.keys(document.documentElement).some((key) => key.startsWith("__reactFiber$")), undefined, { timeout: 20_000 });
      }
      const violations = await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
      expect(violations, `${path}: CSP violations`).toEqual([]);
      expect(problems, path).toEqual([]);
      await page.close();
    }
  });

  it("injected inline code does not run: an inline event handler is blocked (the policy is enforced, not just sent)", async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url + "/");
    const result = await page.evaluate(async () => {
      const violations: string[] = [];
      document.addEventListener("securitypolicyviolation", (event) => violations.push(event.effectiveDirective));
      // The classic XSS payload: markup with an inline handler, as an unescaped user string would inject.
      const holder = document.createElement("div");
      holder.innerHTML = '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" onload="window.__injected = true">';
      document.body.appendChild(holder);
      await new Promise((resolve) => setTimeout(resolve, 300));
      return { ran: (window as unknown as { __injected?: boolean }).__injected === true, violations };
    });
    expect(result.ran).toBe(false);
    expect(result.violations.join(" ")).toMatch(/script-src/);
    await page.close();
  });

  it("error answers reveal nothing internal: malformed paths, huge query strings, unknown routes", async () => {
    // [path, expected status, init]: 400 for addresses that cannot be decoded (proxy.ts), 404 for the
    // unknown, 405 for bad methods; pages may ignore a huge query string (200), never a 5xx.
    const probes: [string, number | "2xx-4xx", RequestInit?][] = [
      ["/gpus/%E0%A4%A", 400],
      ["/r/%E0%A4%A", 400],
      ["/api/v1/gpus/%E0%A4%A", 400],
      ["/api/v1/recommendations/%E0%A4%A", 400],
      ["/gpus/%00", 404],
      ["/api/v1/gpus/%00", 404],
      [`/gpus?q=${"x".repeat(8_000)}`, "2xx-4xx"],
      [`/api/v1/gpus?q=${"x".repeat(8_000)}`, 400],
      [`/api/v1/gpus?${Array.from({ length: 500 }, (_, i) => `k${i}=v`).join("&")}`, 400],
      [`/advisor?${"model=" + "%FF".repeat(2_000)}`, "2xx-4xx"],
      [`/compare?${"gpu=" + "a".repeat(6_000)}`, "2xx-4xx"],
      ["/no/such/route", 404],
      ["/api/v1/no-such-route", 404],
      ["/_next/static/chunks/no-such-chunk.js", 404],
      ["/api/v1/estimate", 400, { method: "POST", headers: { "content-type": "application/json" }, body: "{" }],
      ["/api/v1/gpus", 405, { method: "DELETE" }],
      ["/r/..%2F..%2Fetc%2Fpasswd", 404],
    ];
    for (const [path, expected, init] of probes) {
      const answer = await fetchText(server.url + path, init);
      const what = `${init?.method ?? "GET"} ${path.slice(0, 60)} → ${answer.status}`;
      if (expected === "2xx-4xx") {
        expect(answer.status, what).toBeGreaterThanOrEqual(200);
        expect(answer.status, what).toBeLessThan(500);
      } else {
        expect(answer.status, what).toBe(expected);
      }
      expect(leaksInternals(answer.text), what).toBeNull();
      expect(answer.text, what).not.toMatch(/\/work\/|\/home\/|\/tmp\/|webpack-internal|__webpack_require__|digest.*stack/i);
      // Routes that exist answer JSON; an unknown /api/ path gets the site's HTML 404 page.
      if (path.startsWith("/api/") && !path.includes("no-such-route")) expect(answer.headers.get("content-type") ?? "", what).toMatch(/^application\/json/);
    }
  });

  it("the API's JSON errors for unknown ids and bad methods are JSON", async () => {
    const unknown = await fetchText(`${server.url}/api/v1/recommendations/AAAAAAAAAAAA`);
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.text)).toEqual({ error: "no shared recommendation with that id" });
    const wrongMethod = await fetchText(`${server.url}/api/v1/gpus`, { method: "PUT", body: "{}" });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("GET");
    expect(JSON.parse(wrongMethod.text)).toEqual({ error: "method not allowed; use GET" });
  });
});

/**
 * The trust boundary of the built server (scripts/serve.ts, docs/security.md): a client talking to
 * it directly cannot pose as other clients or hosts with X-Forwarded-*; behind a configured proxy
 * (here: loopback, where this test stands in for one) the proxy's hop is used.
 */
describe("the trust boundary of the real server", () => {
  const SHARE_BODY = JSON.stringify({ workload: { model: "llama-3.1-8b", precision: "q4_k_m" } });
  const dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), "advisor-e2e-trust-"));
  let app: AppServer | undefined;
  afterEach(async () => {
    await app?.stop();
    app = undefined;
  });
  afterAll(() => fs.rmSync(dataRoot, { recursive: true, force: true }));

  const share = (url: string, headers: Record<string, string>) => fetch(`${url}/api/v1/recommendations`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: SHARE_BODY });

  it("by default a direct client's invented X-Forwarded-For/-Host/-Proto change nothing: the limit holds and links name the real host", async () => {
    app = await startApp({ env: { ADVISOR_DATA_DIR: path.join(dataRoot, "direct"), ADVISOR_RATE_LIMIT_SHARE: "3" } });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const response = await share(app.url, { "x-forwarded-for": `198.51.100.${i + 1}`, "x-forwarded-host": "evil.example", "x-forwarded-proto": "https", forwarded: `for=198.51.100.${i + 1}` });
      statuses.push(response.status);
      if (response.status === 201) expect(((await response.json()) as { url: string }).url.startsWith(`${app.url}/r/`)).toBe(true);
    }
    expect(statuses).toEqual([201, 201, 201, 429, 429]);
    // Sign-in's ?next= cannot point elsewhere, however it is encoded.
    for (const next of ["/%09/evil.example", "/%5Cevil.example", "https:evil.example", "//evil.example", "/.//evil.example"]) {
      const page = await (await fetch(`${app.url}/admin/login?next=${next}`)).text();
      // The sign-in form's `next` prop, as the page's flight data carries it (the URL itself is in there too).
      const given = [...page.matchAll(/\\?"next\\?":\\?"([^"\\]*)/g)].map((m) => m[1]);
      expect(given, next).toEqual(["/admin"]);
    }
  });

  it("behind a trusted proxy, each client named by the proxy has its own limit, and the proxy's host and scheme make the links", async () => {
    app = await startApp({ env: { ADVISOR_DATA_DIR: path.join(dataRoot, "proxied"), ADVISOR_RATE_LIMIT_SHARE: "1", ADVISOR_TRUSTED_PROXIES: "127.0.0.1, ::1" } });
    // What a client wrote comes first; the proxy appended the address it saw.
    const first = await share(app.url, { "x-forwarded-for": "10.9.9.9, 203.0.113.1", "x-forwarded-host": "gpu.example.com", "x-forwarded-proto": "https" });
    expect(first.status).toBe(201);
    expect(((await first.json()) as { url: string }).url).toMatch(/^https:\/\/gpu\.example\.com\/r\//);
    expect((await share(app.url, { "x-forwarded-for": "10.9.9.8, 203.0.113.1" })).status).toBe(429); // same client, other spoofed prefix
    expect((await share(app.url, { "x-forwarded-for": "203.0.113.2" })).status).toBe(201);
  });

  it("refuses to start with a malformed ADVISOR_TRUSTED_PROXIES, naming the bad part", async () => {
    app = await startApp({ env: { ADVISOR_DATA_DIR: path.join(dataRoot, "bad"), ADVISOR_TRUSTED_PROXIES: "10.0.0.0/8, nginx" }, waitHealthy: false });
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && !/nginx/.test(app.output())) await new Promise((resolve) => setTimeout(resolve, 200));
    expect(app.output()).toMatch(/ADVISOR_TRUSTED_PROXIES: "nginx" is not an address/);
  });
});
