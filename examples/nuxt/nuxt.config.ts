// A server-only Nuxt app: the shop lives in server/, and the build is kept
// small and offline (no modules, no devtools, no telemetry).
export default defineNuxtConfig({
  compatibilityDate: "2025-07-15",
  ssr: false,
  devtools: { enabled: false },
  telemetry: false,
  // Build output under dist/, which git, Prettier and turbo already treat as
  // build output in every workspace.
  buildDir: "dist/.nuxt",
  nitro: {
    preset: "node-server",
    output: { dir: "dist/output" },
  },
});
