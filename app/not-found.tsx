import Link from "next/link";

export default function NotFound() {
  return (
    <>
      <h1>Page not found</h1>
      <p>
        Nothing lives at this address. Try the <Link href="/advisor">advisor</Link> or the <Link href="/gpus">GPU catalog</Link>.
      </p>
    </>
  );
}
