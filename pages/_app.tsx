import type { AppProps } from "next/app";
import Head from "next/head";
import { SiteFrame } from "@/components/site/SiteFrame";
import "../app/globals.css";

/**
 * The Pages Router holds one page, the landing page (pages/index.tsx): static text and links, which
 * ships no JavaScript there, where an App Router page loads Next's and React's runtime (~130 KB).
 * Same styles and the same frame (SiteFrame) as the App Router's root layout, app/layout.tsx.
 */
export default function App({ Component, pageProps }: AppProps) {
  return (
    <>
      <Head>
        <meta name="viewport" content="width=device-width, initial-scale=1" />
      </Head>
      <SiteFrame>
        <Component {...pageProps} />
      </SiteFrame>
    </>
  );
}
