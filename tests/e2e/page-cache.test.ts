import http from "node:http";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServerWithAdmin, type TestServer } from "./helpers/server";

// scripts/serve.ts keeps rendered site pages (lib/page-cache.ts): checked here against the built app
// it serves, for what a visitor must never notice: the nonce is fresh on every response, the page is
// otherwise byte-identical, and an edit shows on the very next request.
const ADMIN = { email: "page-cache-admin@example.com", password: "page cache admin password" };
const SLUG = "l40s";

function nonceOf(response: Response): string {
  const match = /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy") ?? "");
  if (!match) throw new Error("no nonce in the CSP");
  return match[1];
}

async function page(url: string, headers: Record<string, string> = {}): Promise<{ response: Response; html: string; nonce: string }> {
  const response = await fetch(url, { headers });
  expect(response.status).toBe(200);
  const html = await response.text();
  return { response, html, nonce: nonceOf(response) };
}

describe("pages rendered once, served with a fresh nonce", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServerWithAdmin(ADMIN);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("serves a repeated page from memory, identical but for a fresh nonce on every script and in the CSP", async () => {
    const first = await page(`${server.url}/gpus/${SLUG}`);
    const second = await page(`${server.url}/gpus/${SLUG}`);
    const third = await page(`${server.url}/gpus/${SLUG}`);
    expect(third.response.headers.get("x-page-cache")).toBe("hit");
    expect(new Set([first.nonce, second.nonce, third.nonce]).size).toBe(3);
    expect(third.html).not.toContain(second.nonce);
    expect(third.html.replaceAll(third.nonce, "NONCE")).toBe(first.html.replaceAll(first.nonce, "NONCE"));
    const scripts = third.html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${third.nonce}"`);
    for (const header of ["x-frame-options", "x-content-type-options", "referrer-policy", "permissions-policy", "cross-origin-opener-policy", "content-type"]) {
      expect(third.response.headers.get(header), header).toBe(first.response.headers.get(header));
    }
  });

  it("compresses a stored page for clients that ask for gzip", async () => {
    await page(`${server.url}/gpus`);
    // node:http, not fetch: fetch would undo the compression before the test could see it.
    const raw = await new Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      http
        .get(`${server.url}/gpus`, { headers: { "accept-encoding": "gzip" } }, (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
        })
        .on("error", reject);
    });
    expect(raw.headers["x-page-cache"]).toBe("hit");
    expect(raw.headers["content-encoding"]).toBe("gzip");
    const html = gunzipSync(raw.body).toString("utf8");
    const nonce = /'nonce-([^']+)'/.exec(String(raw.headers["content-security-policy"]))?.[1];
    expect(html).toContain(`nonce="${nonce}"`);
    expect(html).toContain(`data-slug="${SLUG}"`);
  });

  it("never answers a client-side navigation (RSC) from the page cache", async () => {
    await page(`${server.url}/gpus/${SLUG}`);
    const response = await fetch(`${server.url}/gpus/${SLUG}`, { headers: { rsc: "1" } });
    expect(response.headers.get("x-page-cache")).toBeNull();
    expect(response.headers.get("content-type")).toContain("text/x-component");
  });

  it("shows a catalog edit on the very next request", async () => {
    const before = await page(`${server.url}/gpus/${SLUG}`);
    expect((await page(`${server.url}/gpus/${SLUG}`)).response.headers.get("x-page-cache")).toBe("hit");
    const note = `Page cache probe ${Date.now()}`;
    expect(before.html).not.toContain(note);

    const login = await fetch(`${server.url}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json", origin: server.url }, body: JSON.stringify(ADMIN) });
    expect(login.status).toBe(200);
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0];
    const current = (await (await fetch(`${server.url}/api/v1/admin/gpus/${SLUG}`, { headers: { cookie } })).json()) as { version: number };
    const edit = await fetch(`${server.url}/api/v1/admin/gpus/${SLUG}`, {
      method: "PATCH",
      headers: { "content-type": "application/json", origin: server.url, "x-csrf-token": csrfToken, cookie },
      body: JSON.stringify({ version: current.version, notes: note }),
    });
    expect(edit.status).toBe(200);

    const after = await page(`${server.url}/gpus/${SLUG}`);
    expect(after.response.headers.get("x-page-cache")).toBe("miss");
    expect(after.html).toContain(note);
    expect((await page(`${server.url}/gpus/${SLUG}`)).html).toContain(note);
  });
});
