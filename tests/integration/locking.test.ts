import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DatabaseBusyError, openDatabase } from "@/lib/db";
import { loadMigrations } from "@/lib/migrate";
import { NODE_TSX, tempDir } from "./helpers/db";

const CHILD = path.resolve("tests/integration/helpers/open-db.ts");

interface ChildResult {
  ok: boolean;
  busy?: boolean;
  message?: string;
  pid?: number;
}

/** Opens the data dir from another process and reports what happened. */
function openFromChild(location: string): ChildResult {
  const result = spawnSync(NODE_TSX[0], [...NODE_TSX.slice(1), CHILD, location, "try"], { encoding: "utf8", timeout: 90_000 });
  const line = result.stdout.trim().split("\n").pop() ?? "";
  if (!line.startsWith("{")) throw new Error(`child printed nothing useful (exit ${result.status}): ${result.stderr}`);
  return JSON.parse(line) as ChildResult;
}

/** Starts a process that opens the data dir and holds it; resolves once it has it. */
function holdFromChild(location: string): Promise<{ pid: number; kill(): Promise<void> }> {
  const child = spawn(NODE_TSX[0], [...NODE_TSX.slice(1), CHILD, location, "hold"], { stdio: ["ignore", "pipe", "inherit"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (!output.includes("\n")) return;
      const reported = JSON.parse(output.split("\n")[0]) as ChildResult;
      if (!reported.ok) return reject(new Error(`child could not open the database: ${reported.message}`));
      resolve({
        pid: reported.pid ?? 0,
        kill: async () => {
          child.kill("SIGKILL");
          await exited;
        },
      });
    });
    child.once("exit", (code) => reject(new Error(`child exited (${code}) before opening the database`)));
  });
}

describe("the embedded database's lock", () => {
  let dir: string;
  let location: string;
  beforeEach(() => {
    dir = tempDir();
    location = path.join(dir, "pglite");
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("turns away a second process while one holds the data dir, then lets it in", async () => {
    const database = await openDatabase({ kind: "pglite", location });
    try {
      const refused = openFromChild(location);
      expect(refused.ok).toBe(false);
      expect(refused.busy).toBe(true);
      expect(refused.message).toContain(`in use by process ${process.pid}`);
      expect(refused.message).toContain("DATABASE_URL");
      // The holder is unaffected.
      expect(await database.prisma.gpu.count()).toBe(0);
    } finally {
      await database.close();
    }
    expect(fs.existsSync(`${location}.lock`)).toBe(false);
    expect(openFromChild(location)).toMatchObject({ ok: true });
  });

  it("refuses this process while another process holds it", async () => {
    const holder = await holdFromChild(location);
    try {
      const error = await openDatabase({ kind: "pglite", location }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DatabaseBusyError);
      expect((error as Error).message).toContain(`in use by process ${holder.pid}`);
    } finally {
      await holder.kill();
    }
  });

  /** The pid a lock file names ("<pid> <start time>"). */
  const lockPid = () => Number(fs.readFileSync(`${location}.lock`, "utf8").split(" ")[0]);

  it("takes over a lock whose pid now belongs to another process (a restarted container), but not a live holder's", async () => {
    // Our own parent is alive, but it is not the process that wrote this lock: its start time differs.
    fs.mkdirSync(path.dirname(location), { recursive: true });
    fs.writeFileSync(`${location}.lock`, `${process.ppid} 1`);
    const database = await openDatabase({ kind: "pglite", location });
    try {
      expect(lockPid()).toBe(process.pid);
      const refused = openFromChild(location);
      expect(refused).toMatchObject({ ok: false, busy: true });
    } finally {
      await database.close();
    }
  });

  it("takes over the lock of a process killed with SIGKILL, with the data intact", async () => {
    const holder = await holdFromChild(location);
    await holder.kill();
    expect(lockPid()).toBe(holder.pid);
    const database = await openDatabase({ kind: "pglite", location });
    try {
      expect(lockPid()).toBe(process.pid);
      expect(await database.prisma.$queryRawUnsafe(`SELECT name FROM "_advisor_migrations" ORDER BY name`)).toEqual(loadMigrations().map((m) => ({ name: m.name })));
    } finally {
      await database.close();
    }
  });
});
