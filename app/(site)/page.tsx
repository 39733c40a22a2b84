import Link from "next/link";

export default function Home() {
  return (
    <>
      <h1>Which GPU should you buy or rent for your deep-learning job?</h1>
      <p>
        Describe what you want to run, fine-tune or train. GPU Advisor works out the memory it needs, whether it fits (and on how many GPUs), how
        fast it runs and what it costs, on every GPU in a catalog where each figure links to its public source.
      </p>
      <div className="grid">
        <div className="card">
          <h2>Get a recommendation</h2>
          <p>Answer a few questions; get ranked, explained picks with the math shown.</p>
          <Link className="button" href="/advisor">
            Start the advisor
          </Link>
        </div>
        <div className="card">
          <h2>Browse the catalog</h2>
          <p>Sourced specs for NVIDIA, AMD, Apple and Intel GPUs, with cloud prices.</p>
          <Link className="button secondary" href="/gpus">
            GPU catalog
          </Link>
        </div>
        <div className="card">
          <h2>Compare</h2>
          <p>Put GPUs side by side.</p>
          <Link className="button secondary" href="/compare?gpus=rtx-4090,rtx-3090,a100-sxm4-80gb,h100-sxm">
            RTX 4090 vs 3090 vs A100 vs H100
          </Link>
        </div>
      </div>
    </>
  );
}
