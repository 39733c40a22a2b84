import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { safeNextPath } from "@/lib/auth/next-path";
import { pageSession } from "@/lib/auth/page";
import { LoginForm } from "../_components/LoginForm";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const next = safeNextPath((await searchParams).next);
  if (await pageSession()) redirect(next);
  return (
    <>
      <h1>Sign in to edit the catalog</h1>
      <LoginForm next={next} />
    </>
  );
}
