import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as hub } from "@/app/api/v1/models/hub/route";
import { workloadSchema } from "@/lib/workload/schema";
import { testTargets, withFreshAppDatabase } from "./helpers/db";

// A local stand-in for the Hugging Face Hub, named by ADVISOR_HF_ENDPOINT as a deployment would.
const qwen = fs.readFileSync("tests/fixtures/hf-configs/qwen3-30b-a3b.json");
const requests: string[] = [];
let server: http.Server;
let savedEndpoint: string | undefined;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    requests.push(req.url ?? "");
    if (req.url === "/Qwen/Qwen3-30B-A3B/resolve/main/config.json") return void res.writeHead(200, { "content-type": "application/json" }).end(qwen);
    if (req.url === "/tiny/no-shape/resolve/main/config.json") return void res.writeHead(200, { "content-type": "application/json" }).end('{"vocab_size": 10}');
    if (req.url?.startsWith("/meta-llama/")) return void res.writeHead(401).end();
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  savedEndpoint = process.env.ADVISOR_HF_ENDPOINT;
  process.env.ADVISOR_HF_ENDPOINT = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  if (savedEndpoint === undefined) delete process.env.ADVISOR_HF_ENDPOINT;
  else process.env.ADVISOR_HF_ENDPOINT = savedEndpoint;
  if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
});

const lookup = (id: string, client = "203.0.113.7") =>
  hub(new Request(`http://localhost:3000/api/v1/models/hub?id=${encodeURIComponent(id)}`, { headers: { "x-forwarded-for": client } }), undefined);

describe.each(testTargets())("GET /api/v1/models/hub on $name", ({ create }) => {
  withFreshAppDatabase(create);

  it("reads a model from the Hub once, then from the database cache", async () => {
    const first = await lookup("https://huggingface.co/Qwen/Qwen3-30B-A3B");
    expect(first.status).toBe(200);
    const body = (await first.json()) as { id: string; source: string; model: Record<string, unknown> };
    expect(body).toMatchObject({ id: "Qwen/Qwen3-30B-A3B", source: "hub", model: { experts: 128, expertsPerToken: 8, layers: 48, kvHeads: 4, name: "Qwen3-30B-A3B" } });
    // The answer is a workload model as the CLI, API and questionnaire take it.
    expect(workloadSchema.safeParse({ model: body.model }).success).toBe(true);

    const fetched = requests.filter((r) => r.startsWith("/Qwen/")).length;
    const second = (await (await lookup("Qwen/Qwen3-30B-A3B")).json()) as { source: string };
    expect(second.source).toBe("cache");
    expect(requests.filter((r) => r.startsWith("/Qwen/")).length).toBe(fetched);
    const { getPrisma } = await import("@/lib/db");
    expect(await (await getPrisma()).hfConfigCache.count({ where: { modelId: "Qwen/Qwen3-30B-A3B" } })).toBe(1);
  });

  it("names gated, unknown and unreadable models with their own status, and stores none of them", async () => {
    const gated = await lookup("meta-llama/Llama-4-Scout-17B-16E");
    expect(gated.status).toBe(403);
    expect(await gated.json()).toMatchObject({ reason: "gated", error: expect.stringMatching(/gated or private.*paste its config\.json/) });
    const unknown = await lookup("nobody/nothing");
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ reason: "unknown" });
    const unreadable = await lookup("tiny/no-shape");
    expect(unreadable.status).toBe(422);
    expect(await unreadable.json()).toMatchObject({ reason: "unreadable", error: expect.stringMatching(/hidden_size/) });
    const { getPrisma } = await import("@/lib/db");
    expect(await (await getPrisma()).hfConfigCache.count({ where: { modelId: { in: ["meta-llama/Llama-4-Scout-17B-16E", "nobody/nothing", "tiny/no-shape"] } } })).toBe(0);
  });

  it("answers 400 with the field path for an id that is not org/name or a Hugging Face URL", async () => {
    for (const id of ["../../etc/passwd", "https://evil.example/a/b", ""]) {
      const response = await lookup(id);
      expect(response.status, id).toBe(400);
      const body = (await response.json()) as { issues: { path: string }[] };
      expect(body.issues[0].path).toBe("id");
    }
  });

  it("keeps serving a cached model when the Hub cannot be reached, and says so for others", async () => {
    const endpoint = process.env.ADVISOR_HF_ENDPOINT;
    process.env.ADVISOR_HF_ENDPOINT = "http://127.0.0.1:9";
    try {
      const cached = await lookup("Qwen/Qwen3-30B-A3B");
      expect(cached.status).toBe(200);
      const offline = await lookup("Qwen/Qwen3-8B");
      expect(offline.status).toBe(503);
      expect(await offline.json()).toMatchObject({ reason: "offline", error: expect.stringMatching(/could not reach the Hugging Face Hub.*paste/) });
    } finally {
      process.env.ADVISOR_HF_ENDPOINT = endpoint;
    }
  });

  it("limits each client to 30 lookups a minute", async () => {
    let last = 0;
    for (let i = 0; i < 31; i++) last = (await lookup("Qwen/Qwen3-30B-A3B", "198.51.100.9")).status;
    expect(last).toBe(429);
  });
});
