import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as queueRoute } from "@/app/api/v1/admin/measurements/route";
import { POST as reviewRoute } from "@/app/api/v1/admin/measurements/[id]/route";
import { POST as loginRoute } from "@/app/api/v1/auth/login/route";
import { GET as ledgerRoute, POST as submitRoute } from "@/app/api/v1/measurements/route";
import { createUser } from "@/lib/auth/users";
import { runCli } from "@/lib/cli";
import { getPrisma } from "@/lib/db";
import { measurementSchema } from "@/lib/model/validation";
import type { MeasuredRunView, SubmissionResult } from "@/lib/ledger/schema";
import { acceptedSummaries } from "@/lib/ledger/store";
import { testTargets, withFreshAppDatabase } from "./helpers/db";

// Submit → queue → editor decision (audited) → the accepted ledger, through the route handlers on a fresh database.
const BASE = "http://localhost:3000";
const EDITOR = { email: "ledger-editor@example.com", password: "a long editor passphrase 42" };
const llamaBench = readFileSync(path.resolve("tests/fixtures/ledger/llama-bench-readme-md.txt"), "utf8");
// llama-bench prints the device before its table; the README's sample is a CUDA run of Llama 2 7B Q4_0.
const pasted = `ggml_cuda_init: found 1 CUDA devices:\n  Device 0: NVIDIA GeForce RTX 4090, compute capability 8.9, VMM: yes\n${llamaBench}\nbuild: 8cf427ff (5163)\n`;

let addressCounter = 0;
const freshAddress = () => `203.0.113.${++addressCounter}`;

function submit(body: unknown, address = freshAddress()): Promise<Response> {
  return submitRoute(new Request(`${BASE}/api/v1/measurements`, { method: "POST", headers: { "content-type": "application/json", "x-forwarded-for": address }, body: JSON.stringify(body) }), undefined);
}

interface Client {
  cookie: string;
  csrfToken: string;
}

async function signIn(): Promise<Client> {
  const response = await loginRoute(
    new Request(`${BASE}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json", origin: BASE, "x-forwarded-for": freshAddress() }, body: JSON.stringify(EDITOR) }),
    undefined,
  );
  expect(response.status, await response.clone().text()).toBe(200);
  return { cookie: (response.headers.get("set-cookie") ?? "").split(";")[0], csrfToken: ((await response.json()) as { csrfToken: string }).csrfToken };
}

function review(client: Client | null, id: number, body: unknown): Promise<Response> {
  const headers: Record<string, string> = { "content-type": "application/json", origin: BASE };
  if (client) Object.assign(headers, { cookie: client.cookie, "x-csrf-token": client.csrfToken });
  return reviewRoute(new Request(`${BASE}/api/v1/admin/measurements/${id}`, { method: "POST", headers, body: JSON.stringify(body) }), { params: Promise.resolve({ id: String(id) }) });
}

describe.each(testTargets())("the measured-results ledger on $name", ({ create }) => {
  withFreshAppDatabase(create);
  let editor: Client;

  beforeAll(async () => {
    await createUser(await getPrisma(), null, { ...EDITOR, role: "editor" });
    editor = await signIn();
  });

  it("reads a pasted llama-bench table, matches GPU and model, and queues both runs", async () => {
    const response = await submit({ paste: { text: pasted } });
    expect(response.status, await response.clone().text()).toBe(201);
    const result = (await response.json()) as SubmissionResult;
    expect(result.stored).toBe(true);
    expect(result.runs.map((r) => [r.gpu, r.model, r.precision, r.metric, r.value, r.status])).toEqual([
      ["rtx-4090", "llama-2-7b", "q4_0", "prefillTokensPerSecond", 2368.8, "queued"],
      ["rtx-4090", "llama-2-7b", "q4_0", "decodeTokensPerSecond", 131.42, "queued"],
    ]);
    expect(result.runs[0].engineVersion).toBe("b5163 (8cf427ff)");
    for (const run of result.runs) expect(run.estimate).toBeGreaterThan(0);
    // The 4090's decode of a 3.6 GiB model is bandwidth-bound: ~1 TB/s ÷ 3.6 GiB ≈ 260 tok/s at most, so 131 is plausible.
    expect(result.runs[1].plausible).toBe(true);
    expect(result.calibration?.gpu).toBe("rtx-4090");
    expect(result.calibration?.bandwidthRatio).toBeGreaterThan(0);
    // Nothing is in the public ledger before an editor accepts it.
    expect(await acceptedSummaries(await getPrisma())).toEqual([]);
  });

  it("collapses a resubmission of the same runs into the same rows", async () => {
    const first = (await (await submit({ paste: { text: pasted } })).json()) as SubmissionResult;
    const again = (await (await submit({ paste: { text: pasted } })).json()) as SubmissionResult;
    expect(again.runs.map((r) => r.id)).toEqual(first.runs.map((r) => r.id));
    expect(again.runs[0].submissions).toBe(first.runs[0].submissions + 1);
  });

  it("a dry run previews without storing", async () => {
    const prisma = await getPrisma();
    const before = await prisma.measuredRun.count();
    const response = await submit({ paste: { text: llamaBench, gpu: "rtx-3090" }, dryRun: true });
    expect(response.status).toBe(200);
    const result = (await response.json()) as SubmissionResult;
    expect(result.stored).toBe(false);
    expect(result.runs.every((r) => r.id === null && r.gpu === "rtx-3090")).toBe(true);
    expect(await prisma.measuredRun.count()).toBe(before);
  });

  it("queues a run far from the estimate as implausible instead of dropping it", async () => {
    const response = await submit({ run: { gpu: "rtx-4090", model: "llama-3.1-8b", precision: "q4_k_m", engine: "llama.cpp", metric: "decodeTokensPerSecond", value: 5000, outputTokens: 128 } });
    expect(response.status).toBe(201);
    const [run] = ((await response.json()) as SubmissionResult).runs;
    expect(run).toMatchObject({ status: "queued", plausible: false });
    expect(run.ratio).toBeGreaterThan(5);
  });

  it("answers 400 naming the pasted line or the field", async () => {
    const bad = await submit({ paste: { text: llamaBench.replace("131.42 ± 0.59", "n/a"), gpu: "rtx-4090" } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/paste\.text: line 4: unreadable t\/s "n\/a"/);
    const noGpu = await submit({ paste: { text: llamaBench } });
    expect(noGpu.status).toBe(400);
    expect(((await noGpu.json()) as { issues: { path: string }[] }).issues[0].path).toBe("paste.gpu");
    const both = await submit({ paste: { text: llamaBench }, run: { gpu: "rtx-4090" } });
    expect(both.status).toBe(400);
    const unknownGpu = await submit({ run: { gpu: "rtx-9999", model: "llama-3.1-8b", precision: "q4_k_m", engine: "llama.cpp", metric: "decodeTokensPerSecond", value: 50 } });
    expect(unknownGpu.status).toBe(400);
  });

  it("editors accept and reject (audited); accepted runs form the ledger with median and count; reopen reverts", async () => {
    const prisma = await getPrisma();
    const queue = (await (await queueRoute(new Request(`${BASE}/api/v1/admin/measurements`, { headers: { cookie: editor.cookie } }), undefined)).json()) as { runs: MeasuredRunView[] };
    const decode = queue.runs.find((r) => r.metric === "decodeTokensPerSecond" && r.value === 131.42)!;
    const prefill = queue.runs.find((r) => r.metric === "prefillTokensPerSecond" && r.value === 2368.8)!;
    expect(decode && prefill).toBeTruthy();

    expect((await review(null, decode.id!, { action: "accept" })).status).toBe(401);
    const accepted = await review(editor, decode.id!, { action: "accept", note: "matches llama.cpp's README" });
    expect(accepted.status, await accepted.clone().text()).toBe(200);
    expect(((await accepted.json()) as MeasuredRunView).status).toBe("accepted");
    expect((await review(editor, prefill.id!, { action: "reject" })).status).toBe(200);

    const audit = await prisma.auditEntry.findMany({ where: { entity: "measurement" }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.entityKey, a.action])).toEqual([
      [String(decode.id), "accept"],
      [String(prefill.id), "reject"],
    ]);

    const [summary] = await acceptedSummaries(prisma, { gpu: "rtx-4090" });
    expect(summary).toMatchObject({ gpu: "rtx-4090", model: "llama-2-7b", metric: "decodeTokensPerSecond", n: 1, median: 131.42 });

    const ledger = (await (await ledgerRoute(new Request(`${BASE}/api/v1/measurements?gpu=rtx-4090`), undefined)).json()) as { license: string; runs: MeasuredRunView[] };
    expect(ledger.license).toMatch(/CC BY 4\.0/);
    expect(ledger.runs.map((r) => r.id)).toEqual([decode.id]);
    const csv = await (await ledgerRoute(new Request(`${BASE}/api/v1/measurements?format=csv`), undefined)).text();
    expect(csv.split("\r\n")[0]).toMatch(/^# .*CC BY 4\.0/);
    expect(csv).toContain(",131.42,");

    // The ledger as eval fixtures: one source group, rows the fixture schema accepts.
    const exported = await runCli(["ledger", "export"]);
    expect(exported.code, exported.stderr).toBe(0);
    const rows = JSON.parse(exported.stdout) as unknown[];
    expect(rows).toHaveLength(1);
    const row = measurementSchema.parse(rows[0]);
    expect(row).toMatchObject({ gpu: "rtx-4090", metric: "decodeTokensPerSecond", value: 131.42 });
    expect(row.workload).toMatchObject({ model: "llama-2-7b", precision: "q4_0", outputTokens: 128, engine: "llama.cpp" });
    expect((rows[0] as { source: string }).source).toBe("gpu-advisor-ledger");

    expect((await review(editor, decode.id!, { action: "reopen" })).status).toBe(200);
    expect(await acceptedSummaries(prisma, { gpu: "rtx-4090" })).toEqual([]);
  });
});
