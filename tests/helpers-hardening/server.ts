import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { freePort, waitForHealth } from "../e2e/helpers/server";

/**
 * The built app under `next start`, with the environment and data directory the caller chooses
 * (the e2e helper's server always makes and deletes its own): for crash, database-down and
 * multi-node tests. The server runs in its own process group, so `kill("SIGKILL")` takes down
 * every process it started, as a power cut or the OOM killer would.
 */
export interface AppServer {
  url: string;
  port: number;
  pid: number;
  output(): string;
  /** Resolves once the server answered /api/health with 200. */
  waitHealthy(timeoutMs?: number): Promise<void>;
  kill(signal: NodeJS.Signals): Promise<void>;
  /** SIGTERM, then SIGKILL after 10 s. The data directory is left alone. */
  stop(): Promise<void>;
}

export { freePort };

export function requireBuild(): void {
  if (!fs.existsSync(path.resolve(".next", "BUILD_ID"))) throw new Error("no production build in .next/: run `npm run build` first (scripts/test.sh does)");
}

/** Starts scripts/serve.ts (`next start` plus the trust boundary, as `npm start`); `env` is laid over this process's environment minus DATABASE_URL, ADVISOR_DATA_DIR and PORT. */
export async function startApp(options: { env: Record<string, string>; port?: number; waitHealthy?: boolean; timeoutMs?: number }): Promise<AppServer> {
  requireBuild();
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" };
  delete env.DATABASE_URL;
  delete env.ADVISOR_DATA_DIR;
  delete env.PORT;
  Object.assign(env, options.env);
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", path.resolve("scripts/serve.ts"), "-p", String(port), "-H", "127.0.0.1"], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let log = "";
  const append = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-40_000);
  };
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const running = () => child.exitCode === null && child.signalCode === null;

  const kill = async (signal: NodeJS.Signals) => {
    if (!running()) return;
    try {
      process.kill(-child.pid!, signal);
    } catch {
      child.kill(signal);
    }
    await exited;
  };

  const waitHealthy = (timeoutMs = options.timeoutMs ?? 180_000) => waitForHealth(url, child, () => log, timeoutMs);

  const server: AppServer = {
    url,
    port,
    pid: child.pid!,
    output: () => log,
    waitHealthy,
    kill,
    async stop() {
      if (!running()) return;
      const force = setTimeout(() => void kill("SIGKILL"), 10_000);
      await kill("SIGTERM");
      clearTimeout(force);
    },
  };
  if (options.waitHealthy ?? true) {
    try {
      await waitHealthy();
    } catch (error) {
      await server.kill("SIGKILL");
      throw error;
    }
  }
  return server;
}

/** Every process in the server's process group (to check none outlives a kill). */
export function processGroupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
