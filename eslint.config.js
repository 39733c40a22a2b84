import next from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...next,
  ...nextTs,
  { ignores: ["generated/**", ".next/**", "node_modules/**", ".data/**", "public/vendor/**", "next-env.d.ts"] },
];

export default config;
