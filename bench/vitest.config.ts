import { defineConfig } from "vitest/config";
import { packageTestConfig } from "../vitest.shared.ts";

// The benchmark measures the packages as built (`dist/`, also
// `@wxnotify/core/portable`), and turbo builds them before its tests: no
// aliases to `src/` here.
export default defineConfig({ test: packageTestConfig.test });
