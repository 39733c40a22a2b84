import { parseArgs } from "node:util";
import { loadCatalog } from "./catalog/queries";
import { filterGpus, parseGpuQuery } from "./catalog/filters";
import { SeedValidationError } from "./catalog/seed";
import { closeDatabase, getPrisma } from "./db";

/**
 * The `advisor` command line: `npm run -s advisor -- <command> [options]`.
 * Bad arguments exit 2 with a one-line message; output is JSON on stdout with --json.
 */
export class UsageError extends Error {}

const USAGE = `usage: advisor <command> [options]
  gpus [--vendor v1,v2] [--min-memory-gb N] [--sort field] [--json]
  models [--json]
  estimate --gpu <slug> [--count N] --workload <file.json|-> --json
  estimate --cases <file.json|-> --json
  recommend --workload <file|-> [--objective fastest|cheapest|value|energy] [--budget-usd N] [--max-gpus N] --json`;

type Command = (args: string[]) => Promise<string>;

async function gpusCommand(args: string[]): Promise<string> {
  const { values } = parseArgs({
    args,
    options: { vendor: { type: "string" }, "min-memory-gb": { type: "string" }, sort: { type: "string" }, json: { type: "boolean" } },
    strict: true,
  });
  const entries: [string, string][] = [];
  if (values.vendor) entries.push(["vendor", values.vendor]);
  if (values["min-memory-gb"]) entries.push(["minMemoryGB", values["min-memory-gb"]]);
  if (values.sort) entries.push(["sort", values.sort]);
  const query = parseGpuQuery(entries);
  if (!query.success) {
    const issue = query.error.issues[0];
    throw new UsageError(`invalid option ${issue?.path.join(".")}: ${issue?.message}`);
  }
  const catalog = await loadCatalog(await getPrisma());
  const gpus = filterGpus(catalog.gpus, query.data);
  if (values.json) return JSON.stringify(gpus, null, 2);
  return gpus.map((g) => `${g.slug.padEnd(28)} ${g.name.padEnd(40)} ${String(g.memoryGB).padStart(6)} GB ${String(g.memoryBandwidthGBps).padStart(7)} GB/s`).join("\n");
}

export const COMMANDS: Record<string, Command> = { gpus: gpusCommand };

export async function runCli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const [name, ...rest] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) return { code: 2, stdout: "", stderr: name ? `unknown command "${name}"\n${USAGE}` : USAGE };
  try {
    return { code: 0, stdout: await command(rest), stderr: "" };
  } catch (error) {
    if (error instanceof UsageError) return { code: 2, stdout: "", stderr: error.message };
    if (error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS")) {
      return { code: 2, stdout: "", stderr: error.message.split("\n")[0] ?? "bad arguments" };
    }
    if (error instanceof SeedValidationError) return { code: 1, stdout: "", stderr: error.message };
    return { code: 1, stdout: "", stderr: `advisor: ${(error as Error).message.split("\n")[0]}` };
  }
}

async function main(): Promise<void> {
  const result = await runCli(process.argv.slice(2));
  await closeDatabase().catch(() => undefined);
  if (result.stdout) process.stdout.write(result.stdout + "\n");
  if (result.stderr) process.stderr.write(result.stderr + "\n");
  process.exitCode = result.code;
}

if (import.meta.url === `file://${process.argv[1]}`) void main();
