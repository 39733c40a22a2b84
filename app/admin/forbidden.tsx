import Link from "next/link";

export default function Forbidden() {
  return (
    <>
      <h1>Not allowed</h1>
      <p>Your account cannot open this page: it is for admins only.</p>
      <p>
        <Link href="/admin">Back to the catalog</Link>
      </p>
    </>
  );
}
