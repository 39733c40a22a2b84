/** Browser-side calls to the admin API: JSON in and out, the session's CSRF token in X-CSRF-Token. */
export interface ApiIssue {
  path: string;
  message: string;
}

export interface ApiAnswer<T = unknown> {
  status: number;
  ok: boolean;
  body: T & { error?: string; issues?: ApiIssue[] };
}

export async function callApi<T = unknown>(method: string, url: string, csrfToken: string | null, body?: unknown): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (csrfToken) headers["x-csrf-token"] = csrfToken;
  if (body !== undefined) headers["content-type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: "same-origin" });
  } catch {
    return { status: 0, ok: false, body: { error: "the server could not be reached: check your connection and try again" } as ApiAnswer<T>["body"] };
  }
  let parsed: unknown;
  try {
    parsed = await response.json();
  } catch {
    parsed = { error: `unexpected answer (HTTP ${response.status})` };
  }
  return { status: response.status, ok: response.ok, body: parsed as ApiAnswer<T>["body"] };
}
