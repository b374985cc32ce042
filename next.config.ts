import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // These load WebAssembly or native binaries at run time; bundling them breaks that.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "pg", "pg-copy-streams"],
  poweredByHeader: false,
};

export default nextConfig;
