import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { SITE_DESCRIPTION, SiteFrame, THEME_COLORS } from "@/components/site/SiteFrame";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "GPU Advisor", template: "%s · GPU Advisor" },
  description: SITE_DESCRIPTION,
};

// Every App Router page carries a per-request CSP nonce (proxy.ts) on Next's inline scripts, so
// none can be prerendered.
export const dynamic = "force-dynamic";

// The landing page is in the Pages Router (pages/index.tsx, no JavaScript): pages/_document.tsx
// writes the same viewport and theme colours for it.
// color-scheme: the browser draws form controls and scrollbars in the visitor's theme before the CSS loads.
export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  colorScheme: "light dark",
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: THEME_COLORS.light },
    { media: "(prefers-color-scheme: dark)", color: THEME_COLORS.dark },
  ],
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <SiteFrame>{children}</SiteFrame>
      </body>
    </html>
  );
}
