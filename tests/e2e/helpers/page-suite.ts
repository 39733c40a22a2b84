import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { launchBrowser, type TestBrowser } from "./browser";
import { startServer, type TestServer } from "./server";

export interface PageSuite {
  /** The app, started once for the describe block. */
  readonly server: TestServer;
  /** A fresh tab for each test, in one browser shared by the block. */
  readonly page: Page;
}

/** For a describe block: one server and one Chromium for all its tests, a new page for each. */
export function usePageSuite(): PageSuite {
  let server: TestServer | undefined;
  let browser: TestBrowser | undefined;
  let page: Page | undefined;
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  beforeEach(async () => {
    page = await browser!.context.newPage();
  });
  afterEach(async () => {
    await page?.close();
  });
  return {
    get server() {
      return server!;
    },
    get page() {
      return page!;
    },
  };
}
