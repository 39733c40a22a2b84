import fc from "fast-check";
import { SEGMENTS, VENDORS } from "@/lib/catalog/schema";
import { FORM_FACTOR_CHOICES, OBJECTIVES } from "@/lib/model/recommend";
import { ENGINES, LLAMA_CPP_BACKENDS, METHODS, OPTIMIZERS, PRECISIONS, TASKS } from "@/lib/workload/schema";
import { PRESET_IDS } from "@/lib/workload/presets";
import { BENCHMARK_BACKENDS } from "@/lib/benchmark/schema";
import { fillPattern, type ApiRoute, type HttpMethod } from "./routes";

/**
 * fast-check generators of hostile HTTP requests: random and malformed JSON, valid bodies with
 * type-confused fields, oversized and deeply nested bodies, garbage query strings, path params,
 * cookies and headers. Structure-aware (seeded with valid bodies) so the fuzzing reaches past the
 * first validation error into the model and the database.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface FuzzRequest {
  method: HttpMethod;
  params: Record<string, string>;
  query: [string, string][];
  headers: [string, string][];
  /** The raw body (none for GET). */
  body: string | Uint8Array | null;
  /** What the body generator meant, for failure messages and validity checks. */
  bodyKind: string;
}

const BASE = "http://localhost:3000";

export function toRequest(route: ApiRoute, input: FuzzRequest): Request {
  const search = new URLSearchParams(input.query).toString();
  const url = `${BASE}${fillPattern(route.pattern, input.params)}${search ? `?${search}` : ""}`;
  const headers = new Headers();
  for (const [name, value] of input.headers) {
    try {
      headers.append(name, value);
    } catch {
      // a value fetch refuses (control characters): a real client could not send it either
    }
  }
  const hasBody = input.body !== null && input.method !== "GET";
  return new Request(url, { method: input.method, headers, body: hasBody ? (input.body as BodyInit) : undefined });
}

/** Strings that have broken parsers before. */
const nasty = fc.constantFrom(
  "",
  " ",
  "null",
  "undefined",
  "NaN",
  "Infinity",
  "-Infinity",
  "-1",
  "0",
  "-0",
  "1e309",
  "9007199254740993",
  "0x10",
  "1_000",
  "true",
  "[]",
  "{}",
  "%",
  "%E0%A4%A",
  "%00",
  "\u0000",
  "\uFFFF",
  "\uD800",
  "💥",
  "../../../../etc/passwd",
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  "${jndi:ldap://x}",
  "__proto__",
  "constructor",
  "a".repeat(300),
  "é".repeat(2_000),
);

const anyString = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 3, arbitrary: nasty },
  { weight: 1, arbitrary: fc.integer({ min: -1e6, max: 1e6 }).map(String) },
  { weight: 1, arbitrary: fc.double({ noNaN: false }).map(String) },
);

/** A string field's value: mostly ordinary, sometimes any code point (NUL, unpaired surrogates) or a nasty one. */
const textField = (maxLength: number) =>
  fc.oneof({ weight: 4, arbitrary: fc.string({ maxLength }) }, { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength }) }, { weight: 1, arbitrary: nasty });

/** JSON values that are the wrong type almost anywhere. */
const confusingValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.constantFrom(0, -1, 1e308, -1e308, 5e-324, 2 ** 53 + 2, 0.5, 1e15, 1e16),
  anyString,
  fc.array(fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>, { maxLength: 5 }),
  fc.dictionary(anyString, fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>, { maxKeys: 4 }),
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
);

// ---------- valid-shaped bodies, the seeds of the type-confused ones

const presetId = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...PRESET_IDS) }, { weight: 1, arbitrary: anyString });

const customModel = fc.record(
  {
    name: textField(30),
    parameters: fc.oneof(fc.double({ min: 1e5, max: 1e13, noNaN: true }), fc.constantFrom(1e5, 1e13, 7e9, 70e9)),
    layers: fc.integer({ min: 1, max: 1000 }),
    hiddenSize: fc.integer({ min: 1, max: 100_000 }),
    attentionHeads: fc.integer({ min: 1, max: 1000 }),
    kvHeads: fc.integer({ min: 1, max: 1000 }),
    headDim: fc.integer({ min: 1, max: 2048 }),
    vocabSize: fc.integer({ min: 1, max: 10_000_000 }),
    intermediateSize: fc.integer({ min: 1, max: 1_000_000 }),
    activeParameters: fc.double({ min: 1e5, max: 1e13, noNaN: true }),
    experts: fc.integer({ min: 1, max: 4096 }),
    expertsPerToken: fc.integer({ min: 1, max: 4096 }),
    kvLoraRank: fc.integer({ min: 1, max: 100_000 }),
    qkRopeHeadDim: fc.integer({ min: 1, max: 10_000 }),
    slidingWindow: fc.integer({ min: 1, max: 10_000_000 }),
  },
  { requiredKeys: ["parameters"] },
);

const HF_KEYS = [
  "model_type",
  "architectures",
  "hidden_size",
  "num_hidden_layers",
  "num_attention_heads",
  "num_key_value_heads",
  "intermediate_size",
  "vocab_size",
  "head_dim",
  "num_local_experts",
  "num_experts_per_tok",
  "n_routed_experts",
  "torch_dtype",
  "sliding_window",
  "text_config",
  "kv_lora_rank",
  "tie_word_embeddings",
  "max_position_embeddings",
];
const hfValue: fc.Arbitrary<Json> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -10, max: 200_000 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, 1e300, -1, 0.5) },
  { weight: 1, arbitrary: confusingValue },
  { weight: 1, arbitrary: fc.constantFrom("llama", "mixtral", "deepseek_v3", "gemma2", "bfloat16", ["LlamaForCausalLM"]) },
);
const hfConfig: fc.Arbitrary<Json> = fc.letrec<{ config: Json }>((tie) => ({
  config: fc.dictionary(fc.oneof(fc.constantFrom(...HF_KEYS), fc.string({ maxLength: 12 })), fc.oneof({ weight: 6, arbitrary: hfValue }, { weight: 1, arbitrary: tie("config") }), {
    maxKeys: 12,
    depthIdentifier: "hf",
  }),
})).config;

const workload = fc.record(
  {
    task: fc.constantFrom(...TASKS),
    model: fc.oneof({ weight: 4, arbitrary: presetId }, { weight: 2, arbitrary: customModel }, { weight: 1, arbitrary: fc.record({ hfConfig, name: textField(20) }, { requiredKeys: ["hfConfig"] }) }),
    precision: fc.constantFrom(...PRECISIONS),
    batchSize: fc.oneof(fc.integer({ min: 1, max: 4096 }), fc.constantFrom(1, 4096)),
    promptTokens: fc.oneof(fc.integer({ min: 0, max: 2_000_000 }), fc.constantFrom(0, 2_000_000)),
    outputTokens: fc.oneof(fc.integer({ min: 0, max: 2_000_000 }), fc.constantFrom(0, 2_000_000)),
    sequenceLength: fc.oneof(fc.integer({ min: 1, max: 2_000_000 }), fc.constantFrom(1, 2_000_000)),
    trainingTokens: fc.oneof(fc.double({ min: 1, max: 1e15, noNaN: true }), fc.constantFrom(5e-324, 1e15)),
    method: fc.constantFrom(...METHODS),
    optimizer: fc.constantFrom(...OPTIMIZERS),
    gradientCheckpointing: fc.boolean(),
    engine: fc.constantFrom(...ENGINES),
    loraRank: fc.integer({ min: 1, max: 1024 }),
    zeroStage: fc.constantFrom(0, 1, 2, 3),
    parallelism: fc.constantFrom("tensor", "pipeline"),
    backend: fc.constantFrom(...LLAMA_CPP_BACKENDS),
  },
  { requiredKeys: ["model"] },
);

const constraints = fc.record(
  {
    mode: fc.constantFrom("buy", "rent", "any"),
    budgetUsd: fc.double({ min: 0.01, max: 1e9, noNaN: true }),
    budgetUsdPerHour: fc.double({ min: 0.001, max: 1e6, noNaN: true }),
    vendors: fc.uniqueArray(fc.constantFrom(...VENDORS)),
    segments: fc.uniqueArray(fc.constantFrom(...SEGMENTS)),
    formFactors: fc.uniqueArray(fc.constantFrom(...FORM_FACTOR_CHOICES)),
    maxGpus: fc.integer({ min: 1, max: 8 }),
    electricityUsdPerKWh: fc.double({ min: 0, max: 5, noNaN: true }),
    targetTokensPerSecond: fc.double({ min: 0.001, max: 1e7, noNaN: true }),
    maxHours: fc.double({ min: 0.001, max: 1e6, noNaN: true }),
  },
  { requiredKeys: [] },
);

function validBodies(pattern: string, method: HttpMethod, slugs: string[]): fc.Arbitrary<Json> {
  const slug = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...slugs) }, { weight: 1, arbitrary: anyString });
  const key = `${method} ${pattern}`;
  if (key === "POST /api/v1/estimate") return fc.record({ gpu: slug, count: fc.integer({ min: 1, max: 1024 }), workload }, { requiredKeys: ["gpu", "workload"] }) as fc.Arbitrary<Json>;
  if (key === "POST /api/v1/recommendations") {
    return fc.record({ workload, constraints, objective: fc.constantFrom(...OBJECTIVES) }, { requiredKeys: ["workload"] }) as fc.Arbitrary<Json>;
  }
  if (key === "POST /api/v1/benchmarks") {
    return fc.record({
      renderer: fc.oneof(fc.constantFrom("ANGLE (NVIDIA, NVIDIA GeForce RTX 4090 Direct3D11)", "Apple M2"), textField(300)),
      matchedGpu: fc.oneof(fc.constant(null), slug),
      backend: fc.constantFrom(...BENCHMARK_BACKENDS),
      matmulGflops: fc.double({ min: 0.001, max: 1e6, noNaN: true }),
      bandwidthGBps: fc.oneof(fc.constant(null), fc.double({ min: 0.001, max: 1e5, noNaN: true })),
      maxAbsError: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1, noNaN: true })),
      durationMs: fc.double({ min: 0.001, max: 600_000, noNaN: true }),
    }) as fc.Arbitrary<Json>;
  }
  if (key === "POST /api/v1/auth/login") return fc.record({ email: fc.oneof(fc.emailAddress(), anyString, fc.tuple(textField(10), fc.emailAddress()).map(([a, b]) => a + b)), password: textField(64) });
  if (pattern.includes("/admin/users")) return fc.record({ email: fc.emailAddress(), password: fc.string({ minLength: 12, maxLength: 40 }), role: fc.constantFrom("admin", "editor") });
  if (pattern.includes("/admin/import")) {
    return fc.record({ format: fc.constantFrom("json", "csv"), entity: fc.constantFrom("gpus", "cloud-offers"), content: fc.string({ minLength: 1, maxLength: 200 }), apply: fc.boolean() });
  }
  if (pattern.includes("/admin/cloud-offers")) {
    return fc.record({
      version: fc.integer({ min: 1, max: 5 }),
      gpu: slug,
      provider: fc.constantFrom("aws", "gcp", "lambda"),
      instanceType: textField(20),
      gpuCount: fc.integer({ min: 1, max: 16 }),
      region: fc.constantFrom("us-east-1", "eu-west-1"),
      priceUsdPerHour: fc.double({ min: 0.01, max: 200, noNaN: true }),
      spot: fc.boolean(),
      source: fc.constant("https://example.com/pricing"),
    }) as fc.Arbitrary<Json>;
  }
  if (pattern.includes("/admin/gpus")) {
    return fc.record({
      version: fc.integer({ min: 1, max: 5 }),
      slug: fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$/),
      name: textField(40),
      vendor: fc.constantFrom(...VENDORS),
      segment: fc.constantFrom(...SEGMENTS),
      memoryGB: fc.double({ min: 1, max: 512, noNaN: true }),
      memoryBandwidthGBps: fc.double({ min: 1, max: 10_000, noNaN: true }),
      launchPriceUsd: fc.oneof(fc.constant(null), fc.integer({ min: 100, max: 50_000 })),
    }) as fc.Arbitrary<Json>;
  }
  return fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>;
}

// ---------- mutations: the type confusion

type Mutation = { kind: "set" | "delete" | "add"; pick: number; key: string; value: Json };

const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom("set", "set", "delete", "add"),
  pick: fc.nat(),
  key: fc.oneof(anyString, fc.constantFrom("__proto__", "constructor", "prototype", "toString", "valueOf")),
  value: confusingValue,
});

function containers(value: Json, out: (Json[] | { [key: string]: Json })[] = []): (Json[] | { [key: string]: Json })[] {
  if (value !== null && typeof value === "object") {
    out.push(value);
    for (const child of Array.isArray(value) ? value : Object.values(value)) containers(child, out);
  }
  return out;
}

function applyMutations(seed: Json, mutations: Mutation[]): Json {
  let root: Json = structuredClone(seed);
  for (const m of mutations) {
    const all = containers(root);
    if (all.length === 0 || (m.kind === "set" && m.pick % (all.length + 1) === all.length)) {
      root = m.value;
      continue;
    }
    const target = all[m.pick % all.length];
    const keys = Object.keys(target);
    if (m.kind === "add" || keys.length === 0) {
      Object.defineProperty(target, Array.isArray(target) ? String(target.length) : m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
      continue;
    }
    const key = keys[m.pick % keys.length];
    if (m.kind === "delete") {
      if (Array.isArray(target)) target.splice(Number(key), 1);
      else delete target[key];
    } else {
      (target as Record<string, Json>)[key] = m.value;
    }
  }
  return root;
}

export const OVERSIZE_MIN = 64 * 1024 + 1;

function bodies(pattern: string, method: HttpMethod, slugs: string[]): fc.Arbitrary<{ body: string | Uint8Array | null; bodyKind: string }> {
  const valid = validBodies(pattern, method, slugs);
  const text = (kind: string) => (arb: fc.Arbitrary<string>) => arb.map((body) => ({ body, bodyKind: kind }));
  return fc.oneof(
    { weight: 6, arbitrary: text("valid-shaped")(valid.map((v) => JSON.stringify(v))) },
    { weight: 10, arbitrary: text("type-confused")(fc.tuple(valid, fc.array(mutation, { minLength: 1, maxLength: 4 })).map(([v, ms]) => JSON.stringify(applyMutations(v, ms)))) },
    { weight: 3, arbitrary: text("random JSON")(fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v))) },
    { weight: 3, arbitrary: text("malformed")(fc.oneof(fc.string({ maxLength: 100 }), fc.string({ unit: "binary", maxLength: 100 }), nasty)) },
    {
      weight: 2,
      arbitrary: text("truncated")(
        fc.tuple(valid, fc.nat()).map(([v, cut]) => {
          const s = JSON.stringify(v);
          return s.slice(0, s.length > 1 ? cut % (s.length - 1) : 0);
        }),
      ),
    },
    {
      weight: 2,
      arbitrary: text("oversized")(
        fc.tuple(valid, fc.integer({ min: OVERSIZE_MIN, max: 400_000 }), fc.boolean()).map(([v, size, pad]) =>
          // valid JSON padded with whitespace, or one huge string field
          pad ? JSON.stringify(v) + " ".repeat(size) : JSON.stringify({ workload: { model: "x".repeat(size) }, pad: "y".repeat(size) }),
        ),
      ),
    },
    {
      weight: 1,
      arbitrary: text("deeply nested")(
        fc.tuple(fc.integer({ min: 50, max: 5_000 }), fc.boolean()).map(([depth, inModel]) =>
          inModel
            ? `{"workload":{"model":{"hfConfig":${'{"text_config":'.repeat(depth)}{}${"}".repeat(depth)}}}}`
            : "[".repeat(depth) + "]".repeat(depth),
        ),
      ),
    },
    {
      weight: 1,
      arbitrary: text("prototype pollution")(
        valid.map((v) => {
          const s = JSON.stringify(v);
          const extra = '"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}';
          return s.startsWith("{") && s.length > 2 ? `{${extra},${s.slice(1)}` : `{${extra}}`;
        }),
      ),
    },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((body) => ({ body: body as Uint8Array, bodyKind: "binary" })) },
    { weight: 1, arbitrary: fc.constant({ body: null, bodyKind: "none" }) },
  );
}

const QUERY_KEYS = ["vendor", "segment", "q", "minMemoryGB", "maxPriceUsd", "sort", "order", "includeRetired", "gpu", "format", "entity", "version", "before", "limit", "key", "id", "slug"];
const queryValue = fc.oneof(
  anyString,
  fc.constantFrom("nvidia", "amd,apple", "nvidia,bogus", "consumer", "memoryGB", "name", "asc", "desc", "true", "false", "json", "csv", "gpus", "cloud-offers", "1", "2147483648"),
  fc.integer({ min: 1, max: 20_000 }).map((n) => "q".repeat(n)),
);
const query = fc.array(fc.tuple(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...QUERY_KEYS) }, { weight: 1, arbitrary: anyString }), queryValue), { maxLength: 6 });

function paramValue(name: string, known: { slugs: string[]; shareIds: string[] }): fc.Arbitrary<string> {
  const valid = name === "slug" ? known.slugs : name === "id" ? [...known.shareIds, "1", "2", "3"] : ["x"];
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...valid) },
    { weight: 1, arbitrary: fc.stringMatching(/^[0-9A-Za-z]{12}$/) },
    { weight: 3, arbitrary: anyString },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 20_000 }).map((n) => "s".repeat(n)) },
  );
}

const headerPairs = fc.record(
  {
    contentType: fc.constantFrom("application/json", "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "", "application/json; charset=latin1"),
    contentLength: fc.oneof(fc.constant("true"), fc.constantFrom("0", "1", "-1", "abc", "99999999999", "1e6", "65536", "65537")),
    cookie: fc.oneof(
      fc.constantFrom("advisor_session=%E0%A4%A", "advisor_session=", "advisor_session=" + "a".repeat(300), "advisor_session==;;=", "x=y; advisor_session=%"),
      anyString.map((s) => `advisor_session=${s}`),
      anyString,
    ),
    origin: fc.constantFrom("http://localhost:3000", "https://evil.example", "null", "", "http://localhost:3000/"),
    csrf: anyString,
    forwardedFor: fc.oneof(fc.ipV4(), fc.ipV6(), anyString, fc.constant(Array.from({ length: 200 }, (_, i) => `10.0.${i % 256}.1`).join(", "))),
    accept: fc.constantFrom("text/html", "*/*", "application/json", "image/png"),
  },
  { requiredKeys: [] },
);

export interface Known {
  slugs: string[];
  shareIds: string[];
}

/** A signed-in client's headers: most generated requests carry them (the rest test the gate). */
export interface AuthHeaders {
  cookie: string;
  csrf: string;
  origin: string;
}

export function requestArbitrary(route: ApiRoute, method: HttpMethod, known: Known, auth?: AuthHeaders): fc.Arbitrary<FuzzRequest> {
  const params = fc.record(Object.fromEntries(route.params.map((name) => [name, paramValue(name, known)])) as Record<string, fc.Arbitrary<string>>);
  const signedIn = auth ? fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }) : fc.constant(false);
  return fc.tuple(params, query, headerPairs, bodies(route.pattern, method, known.slugs), signedIn).map(([p, q, generated, b, useAuth]) => {
    const h = useAuth && auth ? { ...generated, cookie: auth.cookie, csrf: auth.csrf, origin: auth.origin } : generated;
    const body = method === "GET" ? null : b.body;
    const headers: [string, string][] = [];
    if (h.contentType) headers.push(["content-type", h.contentType]);
    if (h.contentLength !== undefined && body !== null) {
      const actual = typeof body === "string" ? Buffer.byteLength(body) : body.byteLength;
      headers.push(["content-length", h.contentLength === "true" ? String(actual) : h.contentLength]);
    }
    if (h.cookie !== undefined) headers.push(["cookie", h.cookie]);
    if (h.origin !== undefined && h.origin !== "") headers.push(["origin", h.origin]);
    if (h.csrf !== undefined) headers.push(["x-csrf-token", h.csrf]);
    if (h.forwardedFor !== undefined) headers.push(["x-forwarded-for", h.forwardedFor]);
    if (h.accept !== undefined) headers.push(["accept", h.accept]);
    const request: FuzzRequest = { method, params: p, query: q, headers, body, bodyKind: method === "GET" ? "none" : b.bodyKind };
    // fast-check prints counterexamples with this (bodies of 400 KB would flood the report)
    return Object.defineProperty(request, fc.toStringMethod, { value: () => describeRequest(route, request), enumerable: false });
  });
}

/** A short description of a request for failure messages (bodies cut to 300 characters). */
export function describeRequest(route: ApiRoute, input: FuzzRequest): string {
  const body = input.body === null ? "" : typeof input.body === "string" ? input.body : `<${input.body.byteLength} bytes>`;
  return JSON.stringify({
    method: input.method,
    path: fillPattern(route.pattern, input.params).slice(0, 200),
    query: input.query.map(([k, v]) => [k.slice(0, 40), v.slice(0, 40)]),
    headers: input.headers.map(([k, v]) => [k, v.slice(0, 60)]),
    bodyKind: input.bodyKind,
    bodyLength: body.length,
    body: body.slice(0, 300),
  });
}
