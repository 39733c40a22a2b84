import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { clusterUnavailable, startCluster } from "../scripts/throwaway-postgres";
import { pageWeights, printPageWeights, type PageWeight } from "./pages";

/**
 * HTTP benchmarks against the production build on loopback (bounded in time and count):
 * requests/s, latency percentiles, errors and server memory, on the embedded database and on
 * PostgreSQL (BENCH_DATABASE_URL, or a throw-away local cluster): the pages people land on beside a
 * static file and the API, in one run; plus each page's weight in Chromium (bench/pages.ts).
 */
const DURATION_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 16;

/** The pages of issue #18, in the order they are measured; {id} is a share made for the run. */
export const PAGES = ["/", "/gpus", "/gpus/rtx-4090", "/compare?gpus=rtx-4090,rtx-3090,a100-sxm4-80gb,h100-sxm", "/advisor/results?model=llama-3.1-8b", "/r/{id}"];

/** Issue #18's targets (16 connections, p99 under 250 ms, no errors). */
const TARGETS: [string, number][] = [
  ["GET /r/{id}", 300],
  ["GET /advisor/results?model=llama-3.1-8b", 150],
  ["GET /gpus/rtx-4090", 300],
  ["GET /", 400],
  ["GET /gpus", 400],
  ["POST /api/v1/recommendations", 200],
];

function printTargets(rows: { name: string; requestsPerSecond: number; p99Ms: number; errors: number }[]): void {
  console.log("\ntargets (req/s at 16 connections, p99 < 250 ms, 0 errors)");
  for (const [name, want] of TARGETS) {
    const row = rows.find((r) => r.name === name);
    if (!row) continue;
    const met = row.requestsPerSecond >= want && row.p99Ms < 250 && row.errors === 0;
    console.log(name.padEnd(44), `${row.requestsPerSecond} ≥ ${want}`.padStart(12), `p99 ${row.p99Ms}`.padStart(9), met ? "met" : "NOT met");
  }
}

interface Target {
  name: string;
  method: "GET" | "POST";
  path: string;
  body?: string;
  headers?: Record<string, string>;
}

function rssMiB(pid: number): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return Math.round(kb / 1024);
  } catch {
    return null;
  }
}

/** The Next.js server's own process (npm/next spawn a child that actually listens). */
function serverPids(root: number): number[] {
  const out = spawnSync("ps", ["-o", "pid=", "--ppid", String(root)]).stdout.toString().trim();
  const children = out ? out.split(/\s+/).map(Number) : [];
  return [root, ...children.flatMap((c) => serverPids(c))];
}

function totalRss(root: number): number {
  return serverPids(root).reduce((sum, pid) => sum + (rssMiB(pid) ?? 0), 0);
}

async function waitForHealth(base: string, timeoutMs = 120_000): Promise<void> {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    try {
      const res = await fetch(`${base}/api/health`);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("server did not become healthy");
}

function startServer(port: number, env: Record<string, string>): ChildProcess {
  // BENCH_CPU_PROF=<dir>: the server writes a V8 CPU profile there when it exits (open it in Chrome DevTools).
  const profile = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROF)}`] : [];
  // scripts/serve.ts, as `npm start` serves: next start plus the trust boundary (docs/security.md).
  return spawn(process.execPath, [...profile, "--import", "tsx", path.resolve("scripts/serve.ts"), "-p", String(port), "-H", "127.0.0.1"], {
    env: { ...process.env, ...env, NODE_ENV: "production", ADVISOR_RATE_LIMIT_SHARE: "100000000", ADVISOR_RATE_LIMIT_SHARE_DAY: "100000000", ADVISOR_RATE_LIMIT_SHARE_GLOBAL: "100000000" },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

async function run(base: string, target: Target, seconds = DURATION_SECONDS) {
  const result = await autocannon({
    url: base + target.path,
    method: target.method,
    body: target.body,
    headers: { ...(target.body ? { "content-type": "application/json" } : {}), ...target.headers },
    connections: CONNECTIONS,
    // No `amount`: autocannon ignores `duration` when it is set.
    duration: seconds,
  });
  return {
    name: target.name,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p97_5Ms: result.latency.p97_5,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    requests: result.requests.total,
  };
}

/** One client, one request at a time: the latency a single user sees (p50/p95/p99 of `count` requests). */
async function sequential(base: string, target: Target, count = Number(process.env.BENCH_SEQUENTIAL ?? 200)) {
  const times: number[] = [];
  let errors = 0;
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    const response = await fetch(base + target.path, { method: target.method, body: target.body, headers: { ...(target.body ? { "content-type": "application/json" } : {}), ...target.headers } });
    await response.arrayBuffer();
    times.push(performance.now() - start);
    if (!response.ok) errors++;
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => Math.round(times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] * 10) / 10;
  return { name: target.name, requests: count, p50Ms: at(50), p95Ms: at(95), p99Ms: at(99), errors };
}

async function benchDatabase(label: string, env: Record<string, string>, port: number) {
  const server = startServer(port, env);
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(base);
    const workload = { model: "llama-3.1-8b", precision: "q4_k_m" };
    // The share a busy forum would open: the same question as the results page below (253 configurations).
    const created = (await (await fetch(`${base}/api/v1/recommendations`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ workload: { model: "llama-3.1-8b" } }) })).json()) as { id?: string };
    if (!created.id) throw new Error("could not create a share to measure");
    const pages = PAGES.map((page) => page.replace("{id}", created.id!));
    if (process.argv.includes("--pages-only")) {
      return { database: label, rows: [], single: [], memoryBeforeMiB: 0, memoryAfterMiB: 0, soak: undefined, pageWeights: await pageWeights(base, pages) };
    }
    const targets: Target[] = [
      // A static file: what this machine serves with no rendering at all, for scale.
      { name: "GET /icon.svg (static)", method: "GET", path: "/icon.svg" },
      ...pages.map((path, i) => ({ name: `GET ${PAGES[i]}`, method: "GET" as const, path })),
      { name: "GET /api/v1/gpus", method: "GET", path: "/api/v1/gpus" },
      // What browsers, curl --compressed and most HTTP libraries send.
      { name: "GET /api/v1/gpus (br/gzip)", method: "GET", path: "/api/v1/gpus", headers: { "accept-encoding": "gzip, deflate, br" } },
      { name: "POST /api/v1/estimate", method: "POST", path: "/api/v1/estimate", body: JSON.stringify({ gpu: "rtx-4090", workload }) },
      { name: "POST /api/v1/recommendations", method: "POST", path: "/api/v1/recommendations", body: JSON.stringify({ workload }) },
      { name: "GET /api/v1/recommendations/{id}", method: "GET", path: `/api/v1/recommendations/${created.id}` },
    ];
    // BENCH_ONLY=<text>: only the routes whose name contains it (an A/B of one route).
    const only = process.env.BENCH_ONLY;
    if (only) targets.splice(0, targets.length, ...targets.filter((t) => t.name.includes(only)));
    // Warm up every route once (JIT, catalog cache).
    for (const t of targets) await run(base, t, 2);
    const memoryBeforeMiB = totalRss(server.pid!);
    const rows = [];
    for (const t of targets) rows.push(await run(base, t));
    const memoryAfterMiB = totalRss(server.pid!);
    const single = [];
    for (const t of targets) single.push(await sequential(base, t));
    let soak: { seconds: number; memoryStartMiB: number; memoryEndMiB: number; memoryPeakMiB: number; growthPercent: number; samplesMiB: number[] } | undefined;
    if (process.argv.includes("--soak")) {
      const estimate = targets.find((t) => t.name === "POST /api/v1/estimate")!;
      // 15 s of the same load first: the heap grows to its working size under sustained load, which
      // is not a leak. Then 60 s measured, RSS sampled every 5 s.
      await run(base, estimate, 15);
      const samples = [totalRss(server.pid!)];
      const sampler = setInterval(() => samples.push(totalRss(server.pid!)), 5000);
      await run(base, estimate, 60);
      clearInterval(sampler);
      samples.push(totalRss(server.pid!));
      const [start, end] = [samples[0], samples[samples.length - 1]];
      soak = { seconds: 60, memoryStartMiB: start, memoryEndMiB: end, memoryPeakMiB: Math.max(...samples), growthPercent: Math.round(((end - start) / start) * 1000) / 10, samplesMiB: samples };
    }
    // Page weight once (it does not depend on the database), after the timed runs.
    let weights: PageWeight[] | undefined;
    if (label === "embedded" && !process.argv.includes("--no-pages")) weights = await pageWeights(base, [...pages, "/advisor", "/benchmark"]).catch((error: unknown) => (console.log(`page weight skipped: ${(error as Error).message}`), undefined));
    return { database: label, rows, single, memoryBeforeMiB, memoryAfterMiB, soak, pageWeights: weights };
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
  }
}

export async function benchHttp() {
  if (!process.argv.includes("--no-build")) {
    console.log("\nbuilding the production app…");
    const build = spawnSync("npm", ["run", "-s", "build"], { stdio: "inherit" });
    if (build.status !== 0) throw new Error("build failed");
  }
  const results = [];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "advisor-bench-"));
  results.push(await benchDatabase("embedded", { ADVISOR_DATA_DIR: dataDir, DATABASE_URL: "" }, 3901));
  // PostgreSQL: BENCH_DATABASE_URL, else a throw-away cluster of our own where the binaries are
  // installed (as in CI), else said and skipped. --no-postgres skips it.
  if (process.env.BENCH_DATABASE_URL) {
    results.push(await benchDatabase("postgres", { DATABASE_URL: process.env.BENCH_DATABASE_URL }, 3902));
  } else if (!process.argv.includes("--no-postgres")) {
    const why = clusterUnavailable();
    if (why) {
      console.log(`
PostgreSQL skipped: ${why}; or set BENCH_DATABASE_URL.`);
    } else {
      const cluster = await startCluster();
      try {
        results.push(await benchDatabase("postgres", { DATABASE_URL: cluster.url }, 3902));
      } finally {
        cluster.destroy();
      }
    }
  }
  for (const r of results) {
    console.log(`\nHTTP on the ${r.database} database (${CONNECTIONS} connections, ${DURATION_SECONDS}s each, loopback)`);
    console.log("route".padEnd(32), "req/s".padStart(7), "p50".padStart(6), "p97.5".padStart(6), "p99".padStart(6), "errors".padStart(7));
    for (const row of r.rows) console.log(row.name.padEnd(32), String(row.requestsPerSecond).padStart(7), String(row.p50Ms).padStart(6), String(row.p97_5Ms).padStart(6), String(row.p99Ms).padStart(6), String(row.errors).padStart(7));
    console.log(`\none client, one request at a time (ms)`);
    console.log("route".padEnd(32), "n".padStart(7), "p50".padStart(6), "p95".padStart(6), "p99".padStart(6), "errors".padStart(7));
    for (const row of r.single) console.log(row.name.padEnd(32), String(row.requests).padStart(7), String(row.p50Ms).padStart(6), String(row.p95Ms).padStart(6), String(row.p99Ms).padStart(6), String(row.errors).padStart(7));
    console.log(`server memory: ${r.memoryBeforeMiB} MiB before, ${r.memoryAfterMiB} MiB after`);
    if (r.soak) console.log(`60 s soak (after 15 s warm-up): ${r.soak.memoryStartMiB} → ${r.soak.memoryEndMiB} MiB (${r.soak.growthPercent}%), peak ${r.soak.memoryPeakMiB}; every 5 s: ${r.soak.samplesMiB.join(" ")}`);
    if (r.rows.length) printTargets(r.rows);
    if (r.pageWeights) printPageWeights(r.pageWeights);
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
  return results;
}
