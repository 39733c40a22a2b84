import fs from "node:fs";
import path from "node:path";

/** The Prisma CLI downloads a query engine unless this names an existing file; the client engine never loads it. */
export function prismaCliEnv(): NodeJS.ProcessEnv {
  return { ...process.env, PRISMA_QUERY_ENGINE_LIBRARY: process.env.PRISMA_QUERY_ENGINE_LIBRARY ?? path.resolve("package.json"), PRISMA_HIDE_UPDATE_MESSAGE: "1" };
}

export function prismaBin(): string {
  const bin = path.resolve("node_modules/.bin/prisma");
  if (!fs.existsSync(bin)) throw new Error("prisma CLI missing: run npm install");
  return bin;
}
