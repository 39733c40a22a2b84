import type { ReactNode } from "react";
import Link from "next/link";

/** The site's description, for both routers' <meta name="description"> (app/layout.tsx, pages/_document.tsx). */
export const SITE_DESCRIPTION = "Which GPU should you buy or rent for your deep-learning job? Sourced specs, an explained cost-and-fit model, and benchmarks of your own GPU.";

/** The browser's theme colour (address bar and window frame) in light and dark mode. */
export const THEME_COLORS = { light: "#ffffff", dark: "#16181e" } as const;

/**
 * The frame of every page: skip link, header with the main navigation, the page in <main>, footer.
 * One component for both routers: the App Router's root layout (app/layout.tsx) and the Pages
 * Router's landing page (pages/_app.tsx), which ships no JavaScript.
 */
export function SiteFrame({ children }: { children: ReactNode }) {
  return (
    <>
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
    </>
  );
}
