import Head from "next/head";
import Link from "next/link";

// Static text and links: no JavaScript at all (not even React's runtime), and prerendered at build.
export const config = { unstable_runtimeJS: false };

/** The landing page, in the Pages Router so that it ships no JavaScript (pages/_app.tsx says why). */
export default function Home() {
  return (
    <>
      <Head>
        <title>GPU Advisor</title>
      </Head>
      <section className="hero" aria-labelledby="hero-title">
        <h1 id="hero-title" className="hero-title">
          Which GPU should you buy or rent for your deep-learning job?
        </h1>
        <p className="lead">
          Describe what you want to run, fine-tune or train. GPU Advisor works out the memory it needs, whether it fits (and on how many GPUs), how fast it runs
          and what it costs, on every GPU in a catalog where each figure links to its public source.
        </p>
        <p className="hero-actions">
          <Link className="button" href="/advisor">
            Start the advisor
          </Link>
          <Link className="button secondary" href="/compare?gpus=rtx-4090,rtx-3090,a100-sxm4-80gb,h100-sxm">
            Compare GPUs on a workload
          </Link>
        </p>
      </section>
      <div className="grid">
        <div className="card">
          <h2>Get a recommendation</h2>
          <p>Answer a few questions; get ranked, explained picks with the math shown.</p>
          <Link href="/advisor">Start the advisor →</Link>
        </div>
        <div className="card">
          <h2>See what a GPU can run</h2>
          <p>Sourced specs and cloud prices for NVIDIA, AMD, Apple and Intel GPUs, and on each GPU&apos;s page the popular models it runs and fine-tunes.</p>
          <Link href="/gpus">Browse the GPU catalog →</Link>
        </div>
        <div className="card">
          <h2>Compare by workload</h2>
          <p>Up to six GPUs side by side on your model: fit, speed, cost and the longest context.</p>
          <Link href="/compare?gpus=rtx-4090,rtx-3090,a100-sxm4-80gb,h100-sxm">RTX 4090 vs 3090 vs A100 vs H100 →</Link>
        </div>
        <div className="card">
          <h2>Benchmark your GPU</h2>
          <p>Measure your own GPU in the browser and calibrate the advisor&apos;s estimates with it.</p>
          <Link href="/benchmark">Run the benchmark →</Link>
        </div>
      </div>
    </>
  );
}
