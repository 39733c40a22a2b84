/**
 * One counter for "what pages show may have changed", shared by every bundle of this process
 * (route handlers, pages, proxy.ts and scripts/serve.ts, which each load their own copy of lib/)
 * through globalThis. scripts/serve.ts keeps rendered pages (lib/page-cache.ts) only while it has
 * not moved since the page was rendered, and only while `trusted`: while the catalog change feed
 * is LISTENing, so that another node's edit moves it within milliseconds (lib/catalog/feed.ts).
 * No imports: scripts/serve.ts and proxy.ts load this.
 */
interface ContentState {
  generation: number;
  /** Feeds (one per database client) that are live now. */
  liveFeeds: number;
}

const state = ((globalThis as typeof globalThis & { __advisorContent?: ContentState }).__advisorContent ??= { generation: 0, liveFeeds: 0 });

export function contentGeneration(): number {
  return state.generation;
}

/** Something pages show changed (or may have): the catalog, the ledger, community results, a share. */
export function contentChanged(): void {
  state.generation++;
}

/** lib/catalog/feed.ts: a feed went live (true) or stopped being live (false). */
export function contentFeedLive(live: boolean): void {
  state.liveFeeds = Math.max(0, state.liveFeeds + (live ? 1 : -1));
  state.generation++;
}

/** Whether a change anywhere (this node or another) is sure to move the generation. */
export function contentChangesHeard(): boolean {
  return state.liveFeeds > 0;
}
