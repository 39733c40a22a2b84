"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi } from "./api";

export function SignOut({ csrfToken }: { csrfToken: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  async function signOut(everywhere: boolean) {
    const answer = everywhere ? await callApi("DELETE", "/api/v1/auth/sessions", csrfToken) : await callApi("POST", "/api/v1/auth/logout", csrfToken);
    if (answer.ok) {
      router.push("/admin/login");
      router.refresh();
    }
    else setError(answer.body.error ?? "could not sign out");
  }
  return (
    <span className="admin-signout">
      <button type="button" className="secondary" onClick={() => signOut(false)}>
        Sign out
      </button>
      <button type="button" className="secondary" onClick={() => signOut(true)}>
        Sign out everywhere
      </button>
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
