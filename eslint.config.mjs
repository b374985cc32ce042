import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

const config = [
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      // App Router only: there is no pages/ directory for this rule to check.
      "@next/next/no-html-link-for-pages": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // One env module: nothing else reads process.env (tests and scripts' own
    // flags excepted, see the overrides below).
    files: ["app/**", "components/**", "lib/**", "edge/**"],
    ignores: ["lib/env.ts", "**/*.test.ts", "lib/testing/**"],
    rules: {
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read configuration through lib/env.ts." }],
    },
  },
  { ignores: [".next/**", ".data/**", "node_modules/**", "public/s.js", "public/s.clicks.js", "next-env.d.ts", "test-results/**", "playwright-report/**"] },
];

export default config;
