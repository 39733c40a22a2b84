import type { Metadata } from "next";
import { requirePageSession } from "@/lib/auth/page";
import { listUsers } from "@/lib/auth/users";
import { getPrisma } from "@/lib/db";
import { UsersManager } from "../_components/UsersManager";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const session = await requirePageSession("/admin/users", "admin");
  const users = await listUsers(await getPrisma());
  return (
    <>
      <h1>Users</h1>
      <p className="muted">Admins edit the catalog and manage accounts; editors edit the catalog only.</p>
      <UsersManager users={users} csrfToken={session.csrfToken} selfId={session.user.id} />
    </>
  );
}
