import { defineConfig } from "tsdown";
import { packageBuild } from "../../tsdown.base.ts";

// Two entries: node:crypto for Node, WebCrypto + node-forge for runtimes
// without node:crypto (selected by export conditions in package.json).
export default defineConfig({
  ...packageBuild,
  entry: ["src/index.ts", "src/index.portable.ts"],
});
