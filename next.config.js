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
    // Share pages are immutable snapshots: any CDN or browser may keep them for a year.
    return [{ source: "/r/:id([0-9A-Za-z]{12})", headers: [{ key: "Cache-Control", value: "public, max-age=31536000, immutable" }] }];
  },
};

export default nextConfig;
