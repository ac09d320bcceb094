import { mergeConfig } from "vitest/config";
import { packageTestConfig } from "../../vitest.shared.ts";

export default mergeConfig(packageTestConfig, {
  // Cases of one variant run concurrently against its one server.
  test: { maxConcurrency: 16 },
});
