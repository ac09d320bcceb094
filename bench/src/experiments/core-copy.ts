import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/**
 * A change to one file of packages/core/src: an exact text replacement, or
 * the whole file (`content`).
 */
export type Patch =
  | {
      /** Path under packages/core/src. */
      file: string;
      /** Text that must occur exactly once in the file. */
      find: string;
      replace: string;
    }
  | { file: string; content: string };

/** A proposed change to core: what it is and the patches that make it. */
export interface Proposal {
  id: string;
  /** proposed: measured here and open; applied: in core now; withdrawn: no measurable gain. */
  status: "proposed" | "applied" | "withdrawn";
  summary: string;
  patches: Patch[];
}

export const CORE_DIR = fileURLToPath(
  new URL("../../../packages/core", import.meta.url),
);
const EXPERIMENTS_DIR = fileURLToPath(
  new URL("../../.experiments", import.meta.url),
);

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

/** The ESM entry of one of core's dependencies, as core would import it. */
export function esmEntry(name: string): string {
  // pnpm links each dependency of core under packages/core/node_modules.
  const manifestPath = join(CORE_DIR, "node_modules", name, "package.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as {
    exports?: Record<string, { import?: string | { default?: string } }>;
    module?: string;
    main?: string;
  };
  const entry = manifest.exports?.["."]?.import;
  const file =
    (typeof entry === "string" ? entry : entry?.default) ??
    manifest.module ??
    manifest.main ??
    "index.js";
  return pathToFileURL(join(dirname(manifestPath), file)).href;
}

/** Core's own dependencies, by absolute path: the copy lives outside core. */
function pinDependencies(source: string): string {
  return source.replace(
    /from "((?!\.|node:)[^"]+)"/g,
    (_, name: string) => `from "${esmEntry(name)}"`,
  );
}

/**
 * Copies packages/core/src (and, with `withTests`, test/) to
 * bench/.experiments/<name>, applies the patches, and returns the copy's
 * directory. Throws when a patch no longer applies: core moved on.
 */
export function makeCoreCopy(
  name: string,
  patches: readonly Patch[],
  withTests = false,
): string {
  const root = join(EXPERIMENTS_DIR, name);
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  cpSync(join(CORE_DIR, "src"), join(root, "src"), { recursive: true });
  if (withTests) {
    cpSync(join(CORE_DIR, "test"), join(root, "test"), { recursive: true });
  }
  for (const patch of patches) {
    const path = join(root, "src", patch.file);
    if ("content" in patch) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, patch.content);
      continue;
    }
    if (!existsSync(path)) throw new Error(`${patch.file} does not exist`);
    const text = readFileSync(path, "utf8");
    const at = text.indexOf(patch.find);
    if (patch.find === "" || at < 0 || text.indexOf(patch.find, at + 1) >= 0) {
      throw new Error(
        `The patch for ${patch.file} does not apply (its text is not found exactly once): packages/core changed, update the proposal.`,
      );
    }
    writeFileSync(
      path,
      text.slice(0, at) + patch.replace + text.slice(at + patch.find.length),
    );
  }
  // The tested copy resolves dependencies through vitest and tsc settings
  // instead, so that their types stay visible to tsc.
  for (const file of withTests ? [] : listFiles(join(root, "src"))) {
    if (file.endsWith(".ts")) {
      writeFileSync(file, pinDependencies(readFileSync(file, "utf8")));
    }
  }
  return root;
}

/**
 * Builds a copy the way core is built (tsdown, ESM, node20) and imports its
 * createNotifier. Not through tsx: tsx compiles with esbuild's keepNames,
 * which adds a defineProperty to every closure created per request and
 * would make the copy slower than the real build.
 */
export async function importCopy(
  root: string,
): Promise<typeof import("@wxnotify/core")> {
  const { build } = await import("tsdown");
  await build({
    config: false,
    entry: [join(root, "src", "index.ts")],
    outDir: join(root, "dist"),
    format: ["esm"],
    platform: "node",
    target: "node20",
    dts: false,
    sourcemap: false,
    clean: true,
    // Dependencies are pinned to file: URLs in the sources; keep them so.
    external: [/^file:/],
    logLevel: "silent",
  });
  return (await import(
    pathToFileURL(join(root, "dist", "index.mjs")).href
  )) as typeof import("@wxnotify/core");
}
