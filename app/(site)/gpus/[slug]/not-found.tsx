import Link from "next/link";

export default function GpuNotFound() {
  return (
    <>
      <h1>GPU not found</h1>
      <p>
        There is no GPU with that name in the catalog. <Link href="/gpus">Browse all GPUs</Link>.
      </p>
    </>
  );
}
