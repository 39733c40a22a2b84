import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "GPU Advisor", template: "%s · GPU Advisor" },
  description: "Which GPU should you buy or rent for your deep-learning job? Sourced specs, an explained cost-and-fit model, and benchmarks of your own GPU.",
};

// Every page carries a per-request CSP nonce (proxy.ts), so none can be prerendered.
export const dynamic = "force-dynamic";

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a className="skip" href="#main">
          Skip to content
        </a>
        <header className="site">
          <a className="brand" href="/">
            GPU Advisor
          </a>
          <nav aria-label="Main">
            <a href="/advisor">Advisor</a>
            <a href="/gpus">GPUs</a>
            <a href="/compare">Compare</a>
            <a href="/benchmark">Benchmark your GPU</a>
            <a href="/api-docs">API</a>
          </nav>
        </header>
        <main id="main">{children}</main>
        <footer className="site">Every figure links to its public source. Throughput figures are dense (no sparsity).</footer>
      </body>
    </html>
  );
}
