import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import Link from "next/link";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "GPU Advisor", template: "%s · GPU Advisor" },
  description: "Which GPU should you buy or rent for your deep-learning job? Sourced specs, an explained cost-and-fit model, and benchmarks of your own GPU.",
};

// Every page carries a per-request CSP nonce (proxy.ts), so none can be prerendered.
export const dynamic = "force-dynamic";

// color-scheme: the browser draws form controls and scrollbars in the visitor's theme before the CSS loads.
export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  colorScheme: "light dark",
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#16181e" },
  ],
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a className="skip" href="#main">
          Skip to content
        </a>
        <header className="site">
          <Link className="brand" href="/">
            GPU Advisor
          </Link>
          <nav aria-label="Main">
            <Link href="/advisor">Advisor</Link>
            <Link href="/gpus">GPUs</Link>
            <Link href="/models">Models</Link>
            <Link href="/compare">Compare</Link>
            <Link href="/benchmark">Benchmark your GPU</Link>
            <Link href="/accuracy">Accuracy</Link>
            <Link href="/api-docs">API</Link>
          </nav>
        </header>
        <main id="main">{children}</main>
        <footer className="site">Every figure links to its public source. Throughput figures are dense (no sparsity).</footer>
      </body>
    </html>
  );
}
