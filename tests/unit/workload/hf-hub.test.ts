import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchHfModel, HfHubError } from "@/lib/workload/hf-hub";

// A local stand-in for the Hub serving a fixture: the tests never touch the network.
let server: http.Server;
let endpoint: string;

beforeAll(async () => {
  const mixtral = fs.readFileSync("tests/fixtures/hf-configs/mixtral-8x7b.json");
  server = http.createServer((req, res) => {
    if (req.url === "/mistralai/Mixtral-8x7B-v0.1/resolve/main/config.json") return void res.writeHead(200, { "content-type": "application/json" }).end(mixtral);
    if (req.url?.startsWith("/gated/")) return void res.writeHead(401).end();
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

  it("rejects ids that are not org/name", async () => {
    await expect(fetchHfModel("../../etc/passwd", { endpoint })).rejects.toThrow(/Hugging Face model id/);
  });
});
