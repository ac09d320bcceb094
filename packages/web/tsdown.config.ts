import { defineConfig } from "tsdown";
import { packageBuild } from "../../tsdown.base.ts";

// Neutral: the bundle must run on fetch runtimes (Workers, Deno, Bun) too.
export default defineConfig({ ...packageBuild, platform: "neutral" });
