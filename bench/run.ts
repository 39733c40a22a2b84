import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { benchRecommend } from "./recommend";

// `npm run bench`: prints a table and writes bench/results.json.
async function main(): Promise<void> {
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  console.log(`GPU Advisor benchmarks — ${new Date().toISOString()} — ${machine}\n`);
  const recommend = benchRecommend();
  console.log("recommend() over the whole catalog, in-process");
  console.log("case".padEnd(40), "configs".padStart(8), "median ms".padStart(10), "p95 ms".padStart(10));
  for (const r of recommend) console.log(r.name.padEnd(40), String(r.configs).padStart(8), r.medianMs.toFixed(3).padStart(10), r.p95Ms.toFixed(3).padStart(10));
  const results: Record<string, unknown> = { date: new Date().toISOString(), machine, recommend };
  if (!process.argv.includes("--in-process")) {
    const { benchHttp } = await import("./http");
    results.http = await benchHttp();
  }
  fs.writeFileSync(path.join("bench", "results.json"), JSON.stringify(results, null, 2) + "\n");
  console.log("\nwrote bench/results.json");
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${(error as Error).message}`);
  process.exit(1);
});
