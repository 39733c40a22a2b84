import Link from "next/link";

/** The 401 page (unauthorized(); unused so far). Short for the reason given in app/forbidden.tsx. */
export default function Unauthorized() {
  return (
    <>
      <h1>Sign in first</h1>
      <p>
        <Link href="/admin/login">Sign in</Link> to open this page.
      </p>
    </>
  );
}
