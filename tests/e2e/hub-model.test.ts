import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { usePageSuite } from "./helpers/page-suite";

/**
 * A visitor names a Hugging Face model in the questionnaire and gets recommendations for it. The
 * app's Hub is a local stand-in (ADVISOR_HF_ENDPOINT), started here before the app so the server
 * inherits the setting; nothing leaves the machine.
 */
const qwen = fs.readFileSync("tests/fixtures/hf-configs/qwen3-30b-a3b.json");
let hub: http.Server;
let saved: string | undefined;
const asked: string[] = [];

describe("picking a model by Hugging Face id in Chromium", () => {
  beforeAll(async () => {
    hub = http.createServer((req, res) => {
      asked.push(req.url ?? "");
      if (req.url === "/Qwen/Qwen3-30B-A3B/resolve/main/config.json") return void res.writeHead(200, { "content-type": "application/json" }).end(qwen);
      if (req.url?.startsWith("/meta-llama/")) return void res.writeHead(401).end();
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => hub.listen(0, "127.0.0.1", resolve));
    saved = process.env.ADVISOR_HF_ENDPOINT;
    process.env.ADVISOR_HF_ENDPOINT = `http://127.0.0.1:${(hub.address() as AddressInfo).port}`;
  });
  const suite = usePageSuite();
  afterAll(async () => {
    if (saved === undefined) delete process.env.ADVISOR_HF_ENDPOINT;
    else process.env.ADVISOR_HF_ENDPOINT = saved;
    await new Promise<void>((resolve) => hub.close(() => resolve()));
  });

  it("looks up Qwen/Qwen3-30B-A3B on the Hub, fills the custom model and recommends GPUs for it", async () => {
    const { page, server } = suite;
    await page.goto(`${server.url}/advisor`);
    await page.locator("summary", { hasText: "Any Hugging Face model" }).click();
    await page.getByLabel("Hugging Face model id or address").fill("https://huggingface.co/Qwen/Qwen3-30B-A3B");
    await page.getByRole("button", { name: "Look up" }).click();
    await expect.poll(() => page.locator("#f-hfStatus").textContent(), { timeout: 20_000 }).toMatch(/Loaded Qwen3-30B-A3B \(30\.53B parameters\) from the Hugging Face Hub/);
    expect(asked).toContain("/Qwen/Qwen3-30B-A3B/resolve/main/config.json");

    // The model select shows Custom, and the custom fields carry the config's architecture.
    expect(await page.locator("#f-model").inputValue()).toBe("custom");
    expect(await page.locator("#f-paramsB").inputValue()).toMatch(/^30\.53/);
    await expect.poll(() => new URL(page.url()).searchParams.get("experts")).toBe("128");
    expect(new URL(page.url()).searchParams.get("model")).toBe("custom");

    await page.getByRole("button", { name: "Show recommendations" }).click();
    await page.waitForURL(/\/advisor\/results\?/, { timeout: 60_000 });
    await page.locator("#picks-title").waitFor({ timeout: 60_000 });
    expect(await page.locator("body").textContent()).toContain("Qwen3-30B-A3B");
  });

  it("says a gated model needs its config.json pasted, and reads a pasted one", async () => {
    const { page, server } = suite;
    await page.goto(`${server.url}/advisor`);
    await page.locator("summary", { hasText: "Any Hugging Face model" }).click();
    const id = page.getByLabel("Hugging Face model id or address");
    await id.fill("meta-llama/Llama-3.1-8B");
    await id.press("Enter");
    await expect.poll(() => page.locator("#f-hfStatus").textContent(), { timeout: 20_000 }).toMatch(/gated or private.*paste its config\.json/);
    expect(page.url()).toMatch(/\/advisor(\?|$)/);

    await page.getByLabel("…or paste its config.json").fill(fs.readFileSync("tests/fixtures/hf-configs/llama-3.1-8b.json", "utf8"));
    await page.getByRole("button", { name: "Use this config" }).click();
    await expect.poll(() => page.locator("#f-hfStatus").textContent()).toMatch(/Loaded the model \(8\.03B parameters\) from the pasted config\.json/);
    expect(await page.locator("#f-kvHeads").inputValue()).toBe("8");
  });
});
