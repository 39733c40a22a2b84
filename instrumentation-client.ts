// Runs in the browser before the app's own code. The CSP forbids eval, and zod's one-time probe for
// it (`Function("")`, on the first object parse) is reported as a CSP violation; jitless parsing
// needs no probe. zod reads its configuration from this global (zod/v4/core/core.js), so setting it
// here spares every page, the landing page included, from downloading zod (about 60 KB gzipped)
// just to configure it; the pages that parse with zod load it themselves and find it set.
const scope = globalThis as { __zod_globalConfig?: { jitless?: boolean } };
scope.__zod_globalConfig = { ...scope.__zod_globalConfig, jitless: true };
