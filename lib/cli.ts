import fs from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import { loadCatalog } from "./catalog/queries";
import type { Catalog } from "./catalog/types";
import { estimateRequestSchema } from "./api/schemas";
import { estimate } from "./model/estimate";
import { constraintsSchema, OBJECTIVES, recommend } from "./model/recommend";
import { HfConfigError, parseHfConfig } from "./workload/hf-config";
import { fetchHfModel, HfHubError, hfModelIdSchema } from "./workload/hf-hub";
import { PRESETS } from "./workload/presets";
import { fieldIssues } from "./validation";
import { ENGINES, workloadSchema } from "./workload/schema";
import { ledgerFixtures } from "./ledger/export";
import { RUN_STATUSES } from "./ledger/schema";
import { listRuns } from "./ledger/store";
import { filterGpus, parseGpuQuery } from "./catalog/filters";
import { SeedValidationError } from "./catalog/seed";
import { closeDatabase, getPrisma } from "./db";
import { adminCommand, ADMIN_USAGE } from "./admin/cli";

/**
 * The `advisor` command line: `npm run -s advisor -- <command> [options]`.
 * Bad arguments exit 2 with a one-line message; output is JSON on stdout with --json.
 */
export class UsageError extends Error {}

const USAGE = `usage: advisor <command> [options]
  gpus [--vendor v1,v2] [--min-memory-gb N] [--sort field] [--json]
  models [--json] [--hf-config <config.json|->] [--hf-id <org/name>]
  estimate --gpu <slug> [--count N] --workload <file.json|-> --json
  estimate --cases <file.json|-> --json
  recommend --workload <file|-> [--objective fastest|cheapest|value|energy] [--budget-usd N] [--max-gpus N] --json
            [--hours-per-week N] [--months N] [--target-tokens-per-second N] [--max-hours N]
            [--system-memory-bandwidth-gbps N] [--system-memory-gb N]   (usage horizon, need, CPU offload)
  ledger export [--status accepted|queued|rejected]   (runs in the tests/fixtures/measurements format)
  ${ADMIN_USAGE}`;

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

/** Reads JSON from a file path or "-" (standard input). */
function readJsonInput(source: string, what: string): unknown {
  let text: string;
  try {
    text = source === "-" ? fs.readFileSync(0, "utf8") : fs.readFileSync(source, "utf8");
  } catch {
    throw new UsageError(`cannot read ${what} from ${source === "-" ? "standard input" : `"${source}"`}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`${what} is not valid JSON`);
  }
}

function firstIssue(error: z.ZodError, prefix: string): string {
  const issue = fieldIssues(error)[0];
  const path = [prefix, issue && issue.path !== "(root)" ? issue.path : ""].filter(Boolean).join(".");
  return `invalid ${path || "input"}: ${issue?.message ?? "invalid value"}`;
}

function parsePositiveInt(raw: string | undefined, name: string, fallback?: number): number | undefined {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 1024) throw new UsageError(`invalid --${name}: expected an integer from 1 to 1024`);
  return n;
}

const caseSchema = estimateRequestSchema;

function estimateCase(catalog: Catalog, raw: unknown): unknown {
  const parsed = caseSchema.safeParse(raw);
  if (!parsed.success) return { error: firstIssue(parsed.error, "") };
  const gpu = catalog.gpus.find((g) => g.slug === parsed.data.gpu);
  if (!gpu) return { error: `invalid gpu: unknown GPU slug "${parsed.data.gpu}"` };
  return estimate(gpu, parsed.data.count, parsed.data.workload, { catalog: catalog.gpus, cloudOffers: catalog.cloudOffers });
}

async function estimateCommand(args: string[]): Promise<string> {
  const { values } = parseArgs({
    args,
    options: { gpu: { type: "string" }, count: { type: "string" }, workload: { type: "string" }, cases: { type: "string" }, json: { type: "boolean" } },
    strict: true,
  });
  if (values.cases !== undefined) {
    if (values.gpu || values.workload) throw new UsageError("use either --cases or --gpu with --workload, not both");
    const cases = readJsonInput(values.cases, "cases");
    if (!Array.isArray(cases)) throw new UsageError("invalid cases: expected a JSON array of {gpu, count?, workload}");
    const catalog = await loadCatalog(await getPrisma());
    return JSON.stringify(cases.map((c) => estimateCase(catalog, c)), null, 2);
  }
  if (!values.gpu) throw new UsageError("missing --gpu <slug> (or --cases <file>)");
  if (!values.workload) throw new UsageError("missing --workload <file.json|->");
  const count = parsePositiveInt(values.count, "count", 1)!;
  const workload = workloadSchema.safeParse(readJsonInput(values.workload, "workload"));
  if (!workload.success) throw new UsageError(firstIssue(workload.error, "workload"));
  const catalog = await loadCatalog(await getPrisma());
  const gpu = catalog.gpus.find((g) => g.slug === values.gpu);
  if (!gpu) throw new UsageError(`invalid --gpu: unknown GPU slug "${values.gpu}" (see: advisor gpus)`);
  const result = estimate(gpu, count, workload.data, { catalog: catalog.gpus, cloudOffers: catalog.cloudOffers });
  return JSON.stringify(result, null, 2);
}

async function recommendCommand(args: string[]): Promise<string> {
  const { values } = parseArgs({
    args,
    options: {
      workload: { type: "string" },
      objective: { type: "string" },
      "budget-usd": { type: "string" },
      "budget-usd-per-hour": { type: "string" },
      "max-gpus": { type: "string" },
      mode: { type: "string" },
      vendor: { type: "string" },
      "hours-per-week": { type: "string" },
      months: { type: "string" },
      "target-tokens-per-second": { type: "string" },
      "max-hours": { type: "string" },
      "system-memory-bandwidth-gbps": { type: "string" },
      "system-memory-gb": { type: "string" },
      json: { type: "boolean" },
    },
    strict: true,
  });
  if (!values.workload) throw new UsageError("missing --workload <file.json|->");
  const objective = values.objective ?? "value";
  if (!(OBJECTIVES as readonly string[]).includes(objective)) throw new UsageError(`invalid --objective: one of ${OBJECTIVES.join(", ")}`);
  const numberOption = (name: string, raw: string | undefined) => {
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0) throw new UsageError(`invalid --${name}: expected a positive number`);
    return n;
  };
  const constraints = constraintsSchema.safeParse({
    budgetUsd: numberOption("budget-usd", values["budget-usd"]),
    budgetUsdPerHour: numberOption("budget-usd-per-hour", values["budget-usd-per-hour"]),
    maxGpus: values["max-gpus"] === undefined ? undefined : Number(values["max-gpus"]),
    mode: values.mode,
    vendors: values.vendor?.split(","),
    usageHoursPerWeek: numberOption("hours-per-week", values["hours-per-week"]),
    horizonMonths: numberOption("months", values.months),
    targetTokensPerSecond: numberOption("target-tokens-per-second", values["target-tokens-per-second"]),
    maxHours: numberOption("max-hours", values["max-hours"]),
    systemMemoryBandwidthGBps: numberOption("system-memory-bandwidth-gbps", values["system-memory-bandwidth-gbps"]),
    systemMemoryGB: numberOption("system-memory-gb", values["system-memory-gb"]),
  });
  if (!constraints.success) throw new UsageError(firstIssue(constraints.error, "constraints"));
  const workload = workloadSchema.safeParse(readJsonInput(values.workload, "workload"));
  if (!workload.success) throw new UsageError(firstIssue(workload.error, "workload"));
  const catalog = await loadCatalog(await getPrisma());
  const result = recommend(catalog, workload.data, constraints.data, objective as (typeof OBJECTIVES)[number]);
  if (values.json) return JSON.stringify({ catalogVersion: catalog.version, ...result }, null, 2);
  return result.results
    .slice(0, 20)
    .map((r) => `${String(r.rank).padStart(3)}. ${`${r.estimate.gpuName} ×${r.estimate.count}`.padEnd(44)} ${r.speedLabel.padEnd(18)} ${r.costLabel}; ${r.acquisition} ${r.horizonCostLabel}${r.meetsTarget ? "" : " (misses the need)"}`)
    .join("\n");
}

async function modelsCommand(args: string[]): Promise<string> {
  const { values } = parseArgs({ args, options: { json: { type: "boolean" }, "hf-id": { type: "string" }, "hf-config": { type: "string" } }, strict: true });
  // A model outside the presets, as a custom model to put in a workload's "model" field.
  if (values["hf-config"] !== undefined) {
    try {
      return JSON.stringify(parseHfConfig(readJsonInput(values["hf-config"], "config.json")), null, 2);
    } catch (error) {
      if (error instanceof HfConfigError) throw new UsageError(error.message);
      throw error;
    }
  }
  if (values["hf-id"] !== undefined) {
    const id = hfModelIdSchema.safeParse(values["hf-id"]);
    if (!id.success) throw new UsageError(`invalid --hf-id: ${id.error.issues[0]?.message}`);
    try {
      return JSON.stringify(await fetchHfModel(id.data), null, 2);
    } catch (error) {
      if (error instanceof HfHubError || error instanceof HfConfigError) throw new UsageError(error.message);
      throw error;
    }
  }
  if (values.json) return JSON.stringify(PRESETS, null, 2);
  return PRESETS.map((p) => `${p.id.padEnd(18)} ${p.name.padEnd(28)} ${(p.parameters / 1e9).toFixed(2)}B`).join("\n");
}

/** The measured-results ledger as eval fixtures: `npm run -s advisor -- ledger export > tests/fixtures/measurements/ledger.json`. */
async function ledgerCommand(args: string[]): Promise<string> {
  const [sub, ...rest] = args;
  if (sub !== "export") throw new UsageError('usage: advisor ledger export [--status accepted|queued|rejected]');
  const { values } = parseArgs({ args: rest, options: { status: { type: "string" } }, strict: true });
  const status = z.enum(RUN_STATUSES).default("accepted").safeParse(values.status);
  if (!status.success) throw new UsageError(`invalid --status: one of ${RUN_STATUSES.join(", ")}`);
  const runs = await listRuns(await getPrisma(), { status: status.data, limit: 5000 });
  return JSON.stringify(ledgerFixtures(runs, ENGINES, process.env.ADVISOR_PUBLIC_URL ?? "http://localhost:3000"), null, 2);
}

export const COMMANDS: Record<string, Command> = { gpus: gpusCommand, estimate: estimateCommand, recommend: recommendCommand, models: modelsCommand, ledger: ledgerCommand, admin: (args) => adminCommand(args, (message) => new UsageError(message)) };

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
