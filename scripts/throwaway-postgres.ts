import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import net from "node:net";

/**
 * A throw-away PostgreSQL cluster of our own, for tests that stop and start it again (the shared
 * TEST_DATABASE_URL server must stay up for the other tests) and for `npm run bench`. Made as
 * .ci/run makes its own: Debian's binaries, run as the postgres user, trust auth, a socket in the
 * cluster's directory.
 */
export interface Cluster {
  url: string;
  port: number;
  stop(): void;
  start(): void;
  destroy(): void;
}

/** A TCP port nobody listens on right now (on loopback). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export function postgresBinDir(): string | null {
  const root = "/usr/lib/postgresql";
  if (!fs.existsSync(root)) return null;
  const versions = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, "bin", "pg_ctl")))
    .sort((a, b) => Number(a) - Number(b));
  return versions.length ? path.join(root, versions[versions.length - 1], "bin") : null;
}

/** Why a cluster cannot be made here, or null when it can (root with a postgres user and the binaries). */
export function clusterUnavailable(): string | null {
  if (!postgresBinDir()) return "no PostgreSQL binaries under /usr/lib/postgresql (apt-get install postgresql)";
  if (process.getuid?.() !== 0) return "making a PostgreSQL cluster needs root (to run initdb as the postgres user)";
  try {
    execFileSync("id", ["postgres"], { stdio: "ignore" });
  } catch {
    return "no postgres user";
  }
  return null;
}

function asPostgres(command: string): void {
  execFileSync("su", ["postgres", "-s", "/bin/sh", "-c", command], { stdio: ["ignore", "pipe", "pipe"], timeout: 60_000 });
}

export async function startCluster(): Promise<Cluster> {
  const bin = postgresBinDir()!;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "advisor-pg-"));
  fs.chownSync(root, Number(execFileSync("id", ["-u", "postgres"]).toString().trim()), Number(execFileSync("id", ["-g", "postgres"]).toString().trim()));
  const port = await freePort();
  const data = path.join(root, "data");
  asPostgres(`'${bin}/initdb' -D '${data}' -U postgres --auth=trust >/dev/null`);
  const start = () => asPostgres(`'${bin}/pg_ctl' -D '${data}' -o '-p ${port} -k ${root} -c listen_addresses=127.0.0.1' -l '${root}/log' -w start >/dev/null`);
  const stop = () => asPostgres(`'${bin}/pg_ctl' -D '${data}' -m fast -w stop >/dev/null`);
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start,
    stop,
    destroy() {
      try {
        asPostgres(`'${bin}/pg_ctl' -D '${data}' -m immediate -w stop >/dev/null 2>&1`);
      } catch {
        // already stopped
      }
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
