import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchHfConfig, fetchHfModel, HF_CONFIG_MAX_BYTES, HfHubError, hfEndpoint, hfModelRefSchema } from "@/lib/workload/hf-hub";

// A local stand-in for the Hub serving a fixture: the tests never touch the network.
let server: http.Server;
let endpoint: string;

beforeAll(async () => {
  const mixtral = fs.readFileSync("tests/fixtures/hf-configs/mixtral-8x7b.json");
  server = http.createServer((req, res) => {
    if (req.url === "/mistralai/Mixtral-8x7B-v0.1/resolve/main/config.json") return void res.writeHead(200, { "content-type": "application/json" }).end(mixtral);
    if (req.url?.startsWith("/gated/")) return void res.writeHead(401).end();
    if (req.url?.startsWith("/forbidden/")) return void res.writeHead(403).end();
    if (req.url?.startsWith("/broken/")) return void res.writeHead(200, { "content-type": "application/json" }).end("{ not json");
    if (req.url?.startsWith("/list/")) return void res.writeHead(200, { "content-type": "application/json" }).end("[1, 2]");
    if (req.url?.startsWith("/down/")) return void res.writeHead(500).end();
    // 1 MB and one byte, streamed without a content-length (chunked): the cap must hold while reading.
    if (req.url?.startsWith("/huge/")) {
      res.writeHead(200, { "content-type": "application/json" });
      res.write(`{"pad":"${"x".repeat(HF_CONFIG_MAX_BYTES)}`);
      return void res.end(`"}`);
    }
    if (req.url?.startsWith("/slow/")) return void setTimeout(() => res.writeHead(200).end("{}"), 2000);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("fetchHfModel", () => {
  it("reads a model's config.json from the Hub", async () => {
    const model = await fetchHfModel("mistralai/Mixtral-8x7B-v0.1", { endpoint });
    expect(model).toMatchObject({ experts: 8, expertsPerToken: 2, kvHeads: 8, name: "Mixtral-8x7B-v0.1" });
  });

  it("names unknown, gated and unreachable models clearly", async () => {
    await expect(fetchHfModel("nobody/nothing", { endpoint })).rejects.toThrow(/no model "nobody\/nothing"/);
    await expect(fetchHfModel("gated/model", { endpoint })).rejects.toThrow(/gated or private/);
    await expect(fetchHfModel("slow/model", { endpoint, timeoutMs: 100 })).rejects.toThrow(/could not reach the Hugging Face Hub \(timed out\)/);
    await expect(fetchHfModel("a/b", { endpoint: "http://127.0.0.1:9" })).rejects.toBeInstanceOf(HfHubError);
  });

  it("says what went wrong: forbidden, unreadable JSON, not an object, a server error", async () => {
    await expect(fetchHfConfig("forbidden/model", { endpoint })).rejects.toMatchObject({ reason: "gated" });
    await expect(fetchHfConfig("broken/model", { endpoint })).rejects.toMatchObject({ reason: "unreadable", message: expect.stringMatching(/not valid JSON/) });
    await expect(fetchHfConfig("list/model", { endpoint })).rejects.toMatchObject({ reason: "unreadable" });
    await expect(fetchHfConfig("down/model", { endpoint })).rejects.toMatchObject({ reason: "upstream", message: expect.stringMatching(/answered 500/) });
    await expect(fetchHfConfig("nobody/nothing", { endpoint })).rejects.toMatchObject({ reason: "unknown" });
    await expect(fetchHfConfig("a/b", { endpoint: "http://127.0.0.1:9" })).rejects.toMatchObject({ reason: "offline" });
  });

  it("reads at most 1 MB of config.json", async () => {
    await expect(fetchHfConfig("huge/model", { endpoint })).rejects.toMatchObject({ reason: "too-large", message: expect.stringMatching(/larger than 1 MB/) });
  });

  it("asks the host the server is configured with (ADVISOR_HF_ENDPOINT), never one the visitor names", async () => {
    const saved = process.env.ADVISOR_HF_ENDPOINT;
    process.env.ADVISOR_HF_ENDPOINT = `${endpoint}/`;
    try {
      expect(hfEndpoint()).toBe(endpoint);
      await expect(fetchHfModel("mistralai/Mixtral-8x7B-v0.1")).resolves.toMatchObject({ experts: 8 });
    } finally {
      if (saved === undefined) delete process.env.ADVISOR_HF_ENDPOINT;
      else process.env.ADVISOR_HF_ENDPOINT = saved;
    }
  });

  it("takes a model id or a Hugging Face URL", () => {
    expect(hfModelRefSchema.parse("Qwen/Qwen3-8B")).toBe("Qwen/Qwen3-8B");
    expect(hfModelRefSchema.parse(" https://huggingface.co/Qwen/Qwen3-8B ")).toBe("Qwen/Qwen3-8B");
    expect(hfModelRefSchema.parse("https://huggingface.co/openai/gpt-oss-20b/blob/main/config.json")).toBe("openai/gpt-oss-20b");
    expect(hfModelRefSchema.parse("https://hf.co/google/gemma-3-27b-it/tree/main")).toBe("google/gemma-3-27b-it");
    expect(hfModelRefSchema.safeParse("https://example.com/Qwen/Qwen3-8B").success).toBe(false);
    expect(hfModelRefSchema.safeParse("org/..").success).toBe(false);
  });

  it("rejects ids that are not org/name", async () => {
    await expect(fetchHfModel("../../etc/passwd", { endpoint })).rejects.toThrow(/Hugging Face model id/);
  });
});
