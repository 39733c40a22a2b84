/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite loads its WebAssembly and data files next to its module; keep it (and pg) out of the bundle.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "pg", "@prisma/adapter-pg"],
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
  // forbidden() in app/admin: a 403 page for editors on admin-only pages.
  experimental: { authInterrupts: true },
  async headers() {
    // A share page's figures never change (the snapshot is immutable, and its JSON at
    // /api/v1/recommendations/{id} is cached for a year), but the page also says whether the catalog
    // has changed since, and carries a per-request CSP nonce: browsers may keep it for five
    // minutes, shared caches not at all.
    return [{ source: "/r/:id([0-9A-Za-z]{12})", headers: [{ key: "Cache-Control", value: "private, max-age=300" }] }];
  },
};

export default nextConfig;
