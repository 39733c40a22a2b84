"use client";

import { useState, type FormEvent } from "react";
import { safeNextPath } from "@/lib/auth/next-path";
import { callApi } from "./api";

/** Email + password; on success goes to `next` (a same-site path only). */
export function LoginForm({ next }: { next: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    const answer = await callApi("POST", "/api/v1/auth/login", null, { email: String(form.get("email") ?? ""), password: String(form.get("password") ?? "") });
    if (answer.ok) {
      // `next` passed safeNextPath on the server; checked again here in case this form is reused.
      window.location.assign(safeNextPath(next));
      return;
    }
    setBusy(false);
    setError(answer.body.error ?? "sign-in failed");
  }

  return (
    <form className="card admin-form narrow" onSubmit={submit} method="post">
      <label className="stack" htmlFor="login-email">
        Email
        <input id="login-email" name="email" type="email" autoComplete="username" required />
      </label>
      <label className="stack" htmlFor="login-password">
        Password
        <input id="login-password" name="password" type="password" autoComplete="current-password" required />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {busy ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
