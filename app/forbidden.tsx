import Link from "next/link";

/**
 * The 403 page outside app/admin (which has its own). Short on purpose: with `authInterrupts`
 * every page's React Server Components payload carries the root's forbidden and unauthorized
 * boundaries, and Next's defaults, with their inline styles, cost each page about 3 KB.
 */
export default function Forbidden() {
  return (
    <>
      <h1>Not allowed</h1>
      <p>
        Your account cannot open this page. Back to the <Link href="/">start page</Link>.
      </p>
    </>
  );
}
