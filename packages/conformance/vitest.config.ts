import { defineConfig } from "vitest/config";
import { workspaceAliases } from "../../vitest.shared.ts";

export default defineConfig({
  resolve: { alias: workspaceAliases },
  test: {
    include: ["test/**/*.test.ts"],
    // Cases of one variant run concurrently against its one server.
    maxConcurrency: 16,
    testTimeout: 20_000,
  },
});
