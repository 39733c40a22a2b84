import fs from "node:fs";
import { gunzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { recommendationRequestSchema } from "@/lib/api/schemas";
import { openDatabase } from "@/lib/db";
import { testTargets, type FreshDatabase } from "../integration/helpers/db";
import { startApp, type AppServer } from "../helpers-hardening/server";

/**
 * kill -9 in the middle of writes: while clients stream share creations and record every id the
 * server acknowledged (201), the whole server process group is killed; restarted on the same
 * database, every acknowledged share must be there with the same results, every stored row must
 * load and parse, and the database must open cleanly (on PGlite: the lock file left by the dead
 * process is taken over). Runs on the embedded database, and on PostgreSQL with TEST_DATABASE_URL.
 * Needs the production build (scripts/test.sh builds before the e2e tests).
 */
const WORKERS = 4;
const ACKS_BEFORE_KILL = 25;
const CYCLES = 2;

/** The share document's fields the store adds around the stored body. */
const SHARE_ENVELOPE = ["id", "url", "createdAt"];

interface Acknowledged {
  id: string;
  body: Record<string, unknown>;
}

/** Streams share creations from WORKERS clients until stopped; collects each 201's body. */
function streamShares(url: string) {
  const acknowledged: Acknowledged[] = [];
  let stopping = false;
  let inFlight = 0;
  let failures = 0;
  const worker = async (n: number) => {
    for (let i = 0; !stopping; i++) {
      const body = JSON.stringify({
        workload: { model: n % 2 ? "llama-3.1-8b" : "qwen3-8b", precision: "q4_k_m", batchSize: 1 + ((i * WORKERS + n) % 64), outputTokens: 128 + i },
        objective: (["value", "fastest", "cheapest", "energy"] as const)[n % 4],
      });
      inFlight++;
      try {
        const response = await fetch(`${url}/api/v1/recommendations`, { method: "POST", headers: { "content-type": "application/json" }, body, signal: AbortSignal.timeout(30_000) });
        const text = await response.text();
        if (response.status === 201) {
          const parsed = JSON.parse(text) as Record<string, unknown>;
          acknowledged.push({ id: String(parsed.id), body: parsed });
        } else {
          failures++;
        }
      } catch {
        // the server died under us: this request was never acknowledged
        failures++;
        if (stopping) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      } finally {
        inFlight--;
      }
    }
  };
  const done = Promise.all(Array.from({ length: WORKERS }, (_, n) => worker(n)));
  return {
    acknowledged,
    inFlight: () => inFlight,
    failures: () => failures,
    async stop() {
      stopping = true;
      await done;
    },
  };
}

async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

describe.each(testTargets())("kill -9 during share creation on $name", ({ name, create }) => {
  let db: FreshDatabase | undefined;
  let server: AppServer | undefined;

  afterAll(async () => {
    await server?.kill("SIGKILL");
    await db?.destroy();
  });

  it(`keeps every acknowledged share through ${CYCLES} kill -9 restarts, with nothing half-written`, async () => {
    db = await create();
    const env = { ...db.env, ADVISOR_RATE_LIMIT_SHARE: "1000000000", ADVISOR_RATE_LIMIT_SHARE_DAY: "1000000000", ADVISOR_RATE_LIMIT_SHARE_GLOBAL: "1000000000" };
    const lockFile = db.target.kind === "pglite" ? `${db.target.location}.lock` : null;
    const all: Acknowledged[] = [];

    for (let cycle = 0; cycle < CYCLES; cycle++) {
      server = await startApp({ env });
      const stream = streamShares(server.url);
      await waitFor(() => stream.acknowledged.length >= ACKS_BEFORE_KILL && stream.inFlight() > 0, 120_000, `${ACKS_BEFORE_KILL} acknowledged shares`);
      await server.kill("SIGKILL");
      await stream.stop();
      expect(stream.acknowledged.length).toBeGreaterThanOrEqual(ACKS_BEFORE_KILL);
      all.push(...stream.acknowledged);

      if (lockFile) {
        // The dead server's lock is still on disk, naming a process that no longer exists.
        expect(fs.existsSync(lockFile), "the lock file survives kill -9").toBe(true);
        const holder = Number(fs.readFileSync(lockFile, "utf8").split(" ")[0]);
        expect(Number.isInteger(holder) && holder > 0).toBe(true);
        expect(pidAlive(holder), `lock holder ${holder} is dead`).toBe(false);
      }
    }

    // Restarted on the same database: the stale lock is taken over and the database opens.
    server = await startApp({ env });
    const health = await fetch(`${server.url}/api/health`);
    expect(await health.json()).toEqual({ status: "ok", db: "ok" });
    if (lockFile) expect(pidAlive(Number(fs.readFileSync(lockFile, "utf8").split(" ")[0]))).toBe(true);

    for (const { id, body } of all) {
      const response = await fetch(`${server.url}/api/v1/recommendations/${id}`);
      expect(response.status, `acknowledged share ${id}`).toBe(200);
      // One share document (lib/share/document.ts): GET answers what the POST acknowledged.
      const snapshot = (await response.json()) as Record<string, unknown>;
      expect(snapshot.id).toBe(id);
      expect(snapshot.createdAt).toBe(body.createdAt);
      expect(snapshot.catalogVersion).toBe(body.catalogVersion);
      // The link follows the address the share is read at (the restarted server has a new port); everything else is as acknowledged.
      expect(snapshot.url).toBe(`${server.url}/r/${id}`);
      expect({ ...snapshot, url: null }, `share ${id} has the results it was acknowledged with`).toEqual({ ...body, url: null });
    }
    await server.stop();
    server = undefined;

    // Every stored row, acknowledged or not, is whole: its input parses and its results load.
    const database = await openDatabase(db.target, { migrate: false });
    try {
      const rows = await database.prisma.recommendation.findMany();
      expect(rows.length).toBeGreaterThanOrEqual(all.length);
      const ids = new Set(rows.map((row) => row.id));
      for (const { id } of all) expect(ids.has(id)).toBe(true);
      for (const row of rows) {
        expect(recommendationRequestSchema.safeParse(row.input).success, `row ${row.id} input`).toBe(true);
        // The stored document body (gzipped JSON, migration 0006) unpacks and has the acknowledged fields.
        expect(row.document, `row ${row.id} document`).toBeTruthy();
        const stored = JSON.parse(gunzipSync(row.document!).toString("utf8")) as Record<string, unknown>;
        expect(Object.keys(stored).sort()).toEqual(Object.keys(all[0].body).filter((key) => !SHARE_ENVELOPE.includes(key)).sort());
      }
      console.log(`${name}: ${all.length} acknowledged shares over ${CYCLES} kills, ${rows.length} rows stored, all whole`);
    } finally {
      await database.close();
    }
  });
});
