import Link from "next/link";

export default function ModelNotFound() {
  return (
    <>
      <h1>Model not found</h1>
      <p>
        There is no model with that id among the presets. <Link href="/models">Browse all models</Link>, or describe your own in the <Link href="/advisor">advisor</Link>.
      </p>
    </>
  );
}
