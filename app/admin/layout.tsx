import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { pageSession } from "@/lib/auth/page";
import { SignOut } from "./_components/SignOut";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: { default: "Admin", template: "%s · Admin · GPU Advisor" }, robots: { index: false, follow: false } };

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const session = await pageSession();
  return (
    <>
      {session && (
        <nav className="admin-nav" aria-label="Admin">
          <Link href="/admin">Catalog</Link>
          <Link href="/admin/audit">Audit log</Link>
          <Link href="/admin/measurements">Measured runs</Link>
          <Link href="/admin/benchmark-runs">Benchmark runs</Link>
          <Link href="/admin/import-export">Import / export</Link>
          {session.user.role === "admin" && <Link href="/admin/users">Users</Link>}
          <span className="muted admin-who">
            {session.user.email} ({session.user.role})
          </span>
          <SignOut csrfToken={session.csrfToken} />
        </nav>
      )}
      {children}
    </>
  );
}
