import { Head, Html, Main, NextScript } from "next/document";
import { SITE_DESCRIPTION, THEME_COLORS } from "@/components/site/SiteFrame";

/** The landing page's document: what app/layout.tsx's metadata and viewport write for App Router pages. */
export default function Document() {
  return (
    <Html lang="en">
      <Head>
        <meta name="description" content={SITE_DESCRIPTION} />
        <meta name="color-scheme" content="light dark" />
        <meta name="theme-color" media="(prefers-color-scheme: light)" content={THEME_COLORS.light} />
        <meta name="theme-color" media="(prefers-color-scheme: dark)" content={THEME_COLORS.dark} />
        <link rel="icon" href="/icon.svg" type="image/svg+xml" />
      </Head>
      <body>
        <Main />
        <NextScript />
      </body>
    </Html>
  );
}
