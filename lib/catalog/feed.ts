import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { contentFeedLive } from "../content-generation";
import { CATALOG_CHANNEL, catalogFeedMoved, type CatalogFeed } from "./queries";

/**
 * Keeps a CatalogFeed live: LISTEN on the channel the 0002_catalog_notify trigger announces new
 * catalog versions on. A database without that trigger (opened without migrations) never goes
 * live, so its reads keep checking the version.
 */
export interface CatalogFollower {
  stop(): Promise<void>;
}

/** Sets whether the feed is live, and tells the page cache (lib/content-generation.ts) on every change. */
function setLive(feed: CatalogFeed, live: boolean): void {
  if (feed.live === live) return;
  feed.live = live;
  contentFeedLive(live);
}

const TRIGGER_EXISTS = `SELECT 1 FROM pg_trigger WHERE tgname = 'CatalogVersion_notify'`;
const RECONNECT_MS = 1000;

/** Embedded PGlite: one session in this process, and notifications arrive as the writing query commits. */
export async function followCatalogOnPglite(client: PGlite, feed: CatalogFeed): Promise<CatalogFollower> {
  if ((await client.query(TRIGGER_EXISTS)).rows.length === 0) return { stop: async () => undefined };
  const unlisten = await client.listen(CATALOG_CHANNEL, () => catalogFeedMoved(feed));
  catalogFeedMoved(feed);
  setLive(feed, true);
  return {
    async stop() {
      setLive(feed, false);
      await unlisten().catch(() => undefined);
    },
  };
}

/**
 * PostgreSQL: a dedicated connection LISTENs (other nodes' edits arrive within milliseconds of
 * their commit). While it is down the feed is not live, so reads check the version again (and see
 * an outage at once); it reconnects every second until it is back, then bumps the epoch.
 */
export function followCatalogOnPostgres(connectionString: string, feed: CatalogFeed): CatalogFollower {
  let current: pg.Client | null = null;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const lost = (client: pg.Client) => {
    if (current !== client) return;
    current = null;
    setLive(feed, false);
    feed.epoch++;
    client.end().catch(() => undefined);
    retry();
  };
  const retry = () => {
    if (stopped || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void connect();
    }, RECONNECT_MS);
    timer.unref();
  };
  const connect = async () => {
    const client = new pg.Client({ connectionString, keepAlive: true });
    client.on("error", () => lost(client));
    client.on("end", () => lost(client));
    client.on("notification", (message) => {
      if (message.channel === CATALOG_CHANNEL) catalogFeedMoved(feed);
    });
    try {
      await client.connect();
      if ((await client.query(TRIGGER_EXISTS)).rows.length === 0) {
        stopped = true;
        await client.end();
        return;
      }
      await client.query(`LISTEN ${CATALOG_CHANNEL}`);
    } catch {
      await client.end().catch(() => undefined);
      retry();
      return;
    }
    if (stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    current = client;
    catalogFeedMoved(feed);
    setLive(feed, true);
  };

  void connect();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      setLive(feed, false);
      const client = current;
      current = null;
      await client?.end().catch(() => undefined);
    },
  };
}
