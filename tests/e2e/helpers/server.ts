import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "../../../scripts/throwaway-postgres";

/**
 * Serves the built app (`npm run build` first: scripts/test.sh does) with scripts/serve.ts (what
 * `npm start` runs) on a free port and a fresh embedded database, which the first request migrates and seeds.
 */
export interface TestServer {
  url: string;
  /** Everything the server printed so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

export { freePort };

/** Polls /api/health until it answers 200; fails fast if the server process exits, with its output. */
export async function waitForHealth(url: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`next start exited (${child.exitCode ?? child.signalCode}) before it was healthy:\n${output()}`);
    }
    try {
      const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(30_000) });
      const body = await response.text();
      if (response.ok) return;
      last = `${response.status} ${body}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the server at ${url} was not healthy after ${timeoutMs / 1000} s (last: ${last}):\n${output()}`);
}

export async function startServer(options: { timeoutMs?: number } = {}): Promise<TestServer> {
  const buildId = path.resolve(".next", "BUILD_ID");
  if (!fs.existsSync(buildId)) throw new Error("no production build in .next/: run `npm run build` before the e2e tests");
  const dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), "advisor-e2e-"));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env, ADVISOR_DATA_DIR: path.join(dataRoot, "pglite"), NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" };
  delete env.DATABASE_URL;
  delete env.PORT;
  // scripts/serve.ts is what `npm start` runs: `next start` plus the socket-address trust boundary.
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve("scripts/serve.ts"), "-p", String(port), "-H", "127.0.0.1"], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  const append = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const killed = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(killed);
    }
    fs.rmSync(dataRoot, { recursive: true, force: true });
  };

  try {
    await waitForHealth(url, child, () => log, options.timeoutMs ?? 180_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, output: () => log, stop };
}

/** startServer() with an admin account bootstrapped from ADMIN_EMAIL / ADMIN_PASSWORD on its fresh database (this process's env is left as it was). */
export async function startServerWithAdmin(admin: { email: string; password: string }): Promise<TestServer> {
  const saved = { ADMIN_EMAIL: process.env.ADMIN_EMAIL, ADMIN_PASSWORD: process.env.ADMIN_PASSWORD };
  process.env.ADMIN_EMAIL = admin.email;
  process.env.ADMIN_PASSWORD = admin.password;
  try {
    return await startServer();
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}
