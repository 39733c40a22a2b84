"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import type { UserView } from "@/lib/auth/users";
import { callApi } from "./api";

const ROLES = ["editor", "admin"] as const;

/** Admins only: create accounts, change roles, delete accounts. */
export function UsersManager({ users, csrfToken, selfId }: { users: UserView[]; csrfToken: string; selfId: number }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);

  async function act(method: string, url: string, body: unknown, done: string) {
    setBusy(true);
    const answer = await callApi(method, url, csrfToken, body);
    setBusy(false);
    if (answer.ok) {
      setMessage({ text: done, error: false });
      router.refresh();
    } else setMessage({ text: answer.body.error ?? "failed", error: true });
  }

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "");
    await act("POST", "/api/v1/admin/users", { email, password: String(form.get("password") ?? ""), role: String(form.get("role") ?? "editor") }, `Created ${email}.`);
  }

  return (
    <>
      {message && (
        <p className={message.error ? "error" : "notice ok"} role={message.error ? "alert" : "status"}>
          {message.text}
        </p>
      )}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col" className="num">Sessions</th>
              <th scope="col">Status</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id} data-email={user.email}>
                <td>{user.email}</td>
                <td>
                  <label className="sr-only" htmlFor={`role-${user.id}`}>
                    Role of {user.email}
                  </label>
                  <select
                    id={`role-${user.id}`}
                    defaultValue={user.role}
                    disabled={busy}
                    onChange={(e) => act("PATCH", `/api/v1/admin/users/${user.id}`, { role: e.target.value }, `${user.email} is now ${e.target.value}.`)}
                  >
                    {ROLES.map((role) => (
                      <option key={role} value={role}>
                        {role}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="num">{user.sessions}</td>
                <td>{user.signInWaitUntil ? `new browsers wait until ${user.signInWaitUntil.slice(11, 19)} UTC (failed sign-ins)` : "active"}</td>
                <td>
                  {user.id === selfId ? (
                    <span className="muted">you</span>
                  ) : (
                    <button
                      type="button"
                      className="secondary small"
                      disabled={busy}
                      onClick={() => {
                        if (window.confirm(`Delete ${user.email}? Their sessions end now.`)) void act("DELETE", `/api/v1/admin/users/${user.id}`, undefined, `Deleted ${user.email}.`);
                      }}
                    >
                      Delete {user.email}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>New account</h2>
      <form className="card admin-form narrow" onSubmit={create}>
        <label className="stack" htmlFor="new-email">
          Email
          <input id="new-email" name="email" type="email" autoComplete="off" required />
        </label>
        <label className="stack" htmlFor="new-password">
          Password (at least 8 characters)
          <input id="new-password" name="password" type="password" autoComplete="new-password" minLength={8} required />
        </label>
        <label className="stack" htmlFor="new-role">
          Role
          <select id="new-role" name="role" defaultValue="editor">
            <option value="editor">editor (catalog only)</option>
            <option value="admin">admin (catalog and users)</option>
          </select>
        </label>
        <button type="submit" disabled={busy}>
          Create account
        </button>
      </form>
    </>
  );
}
