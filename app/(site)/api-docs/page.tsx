import type { Metadata } from "next";
import { openApiDocument } from "@/lib/api/openapi";

export const metadata: Metadata = { title: "API" };

interface Operation {
  summary?: string;
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
  responses: Record<string, { description: string }>;
}

const EXAMPLES: Record<string, string> = {
  "POST /api/v1/estimate": `curl -s localhost:3000/api/v1/estimate -H 'content-type: application/json' \\
  -d '{"gpu":"rtx-4090","workload":{"model":"llama-3.1-8b","precision":"q4_k_m"}}'`,
  "POST /api/v1/recommendations": `curl -s localhost:3000/api/v1/recommendations -H 'content-type: application/json' \\
  -d '{"workload":{"task":"finetune","model":"llama-3.1-70b","method":"qlora"},"constraints":{"mode":"rent"},"objective":"cheapest"}'`,
  "GET /api/v1/gpus": "curl -s 'localhost:3000/api/v1/gpus?vendor=nvidia&minMemoryGB=24&sort=memoryBandwidthGBps'",
};

/** A readable rendering of /api/v1/openapi.json (the same generated document). */
export default function ApiDocsPage() {
  const doc = openApiDocument() as { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };
  return (
    <>
      <h1>GPU Advisor API</h1>
      <p>
        JSON over HTTP. The machine-readable description is <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1, generated from the
        same zod schemas the server validates with). Errors are always JSON: <code>{"{ error, issues: [{ path, message }] }"}</code>; 400 for invalid
        input, 404 unknown, 405 wrong method, 413 bodies over 64 KB, 503 when the database is down.
      </p>
      {Object.entries(doc.paths).map(([path, operations]) =>
        Object.entries(operations).map(([method, op]) => {
          const key = `${method.toUpperCase()} ${path}`;
          const bodyRef = op.requestBody?.content["application/json"]?.schema.$ref?.split("/").pop();
          return (
            <section key={key} className="card" style={{ marginBottom: "1rem" }} aria-labelledby={`op-${key}`}>
              <h2 id={`op-${key}`} style={{ fontSize: "1.1rem", marginTop: 0 }}>
                <code>{key}</code>
              </h2>
              <p>{op.summary}</p>
              {op.parameters && op.parameters.length > 0 && (
                <p>
                  Parameters: {op.parameters.map((p) => `${p.name} (${p.in}${p.required ? ", required" : ""})`).join(", ")}
                </p>
              )}
              {bodyRef && (
                <details>
                  <summary>Request body: {bodyRef}</summary>
                  <pre style={{ overflowX: "auto", fontSize: ".8rem" }}>{JSON.stringify(doc.components.schemas[bodyRef], null, 2)}</pre>
                </details>
              )}
              <p>Responses: {Object.entries(op.responses).map(([code, r]) => `${code} ${r.description}`).join(" · ")}</p>
              {EXAMPLES[key] && <pre style={{ overflowX: "auto", fontSize: ".85rem" }}>{EXAMPLES[key]}</pre>}
            </section>
          );
        }),
      )}
    </>
  );
}
