/**
 * Generates the API reference from the TSDoc of every export of each public
 * package's entry (src/index.ts), with the TypeScript compiler API: one page
 * per package and locale. The API text stays English (it is the TSDoc); the
 * Chinese pages get a Chinese introduction.
 */
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { API_PACKAGES, type ApiPackage } from "./packages.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** One documented export. */
export interface ApiEntry {
  name: string;
  kind: "function" | "class" | "interface" | "type" | "constant";
  /** The declaration without bodies or comments, as TypeScript. */
  signature: string;
  /** The TSDoc text, as Markdown. */
  doc: string;
  /** Documented members (interface and class members, object methods). */
  members: { name: string; doc: string }[];
  /** Source file, relative to the repository root. */
  file: string;
}

/** The exports of one entry file. */
export interface ApiModule {
  file: string;
  title?: string;
  entries: ApiEntry[];
}

const KIND_ORDER: ApiEntry["kind"][] = [
  "function",
  "constant",
  "class",
  "interface",
  "type",
];

const printer = ts.createPrinter({ removeComments: true });

function createProgram(files: string[]): ts.Program {
  const configPath = fileURLToPath(
    new URL("../tsconfig.json", import.meta.url),
  );
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(
    config.config,
    ts.sys,
    fileURLToPath(new URL("..", import.meta.url)),
  );
  // Only declarations are read: no lib files and no @types, which would
  // triple the time it takes.
  return ts.createProgram(files, {
    ...parsed.options,
    noEmit: true,
    noLib: true,
    types: [],
  });
}

/**
 * Text for a Markdown page that Vue compiles: `<` outside code spans would
 * open an element.
 */
export function escapeHtml(markdown: string): string {
  return markdown
    .split(/(`[^`]*`)/)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part.replaceAll("<", "&lt;").replaceAll("{{", "&#123;&#123;"),
    )
    .join("");
}

/** TSDoc parts as Markdown: `{@link X}` becomes a link when X is on the page. */
function partsToMarkdown(
  parts: readonly ts.SymbolDisplayPart[],
  linkable: ReadonlySet<string>,
): string {
  let out = "";
  let linkTarget: string | undefined;
  let linkText: string | undefined;
  for (const part of parts) {
    if (part.kind === "link") {
      if (part.text.startsWith("{@link")) {
        linkTarget = undefined;
        linkText = undefined;
      } else if (part.text === "}") {
        const target = (linkTarget ?? "").trim();
        const label = (linkText ?? target).trim();
        const base = target.split(".")[0] ?? target;
        out += linkable.has(base) ? `[\`${label}\`](#${base})` : `\`${label}\``;
      }
    } else if (part.kind === "linkName") {
      linkTarget = (linkTarget ?? "") + part.text;
    } else if (part.kind === "linkText") {
      linkText = (linkText ?? "") + part.text;
    } else {
      out += part.text;
    }
  }
  return out.trim();
}

function tagsToMarkdown(
  tags: readonly ts.JSDocTagInfo[],
  linkable: ReadonlySet<string>,
): string {
  const lines: string[] = [];
  for (const tag of tags) {
    const text = tag.text ? partsToMarkdown(tag.text, linkable) : "";
    if (tag.name === "deprecated") lines.push(`**Deprecated.** ${text}`);
    else if (tag.name === "example") lines.push(`Example:\n\n${text}`);
    else if (tag.name === "param" || tag.name === "returns") {
      lines.push(`- \`@${tag.name}\` ${text}`);
    }
  }
  return lines.join("\n\n");
}

function docOf(
  symbol: ts.Symbol,
  checker: ts.TypeChecker,
  linkable: ReadonlySet<string>,
): string {
  const main = partsToMarkdown(
    symbol.getDocumentationComment(checker),
    linkable,
  );
  const tags = tagsToMarkdown(symbol.getJsDocTags(checker), linkable);
  return escapeHtml([main, tags].filter(Boolean).join("\n\n"));
}

function withoutExport<T extends ts.Node>(node: T): ts.Modifier[] | undefined {
  const modifiers = ts.canHaveModifiers(node)
    ? ts.getModifiers(node)
    : undefined;
  // A signature shows no `async`: the return type says Promise already.
  return modifiers?.filter(
    (m) =>
      m.kind !== ts.SyntaxKind.ExportKeyword &&
      m.kind !== ts.SyntaxKind.DefaultKeyword &&
      m.kind !== ts.SyntaxKind.AsyncKeyword,
  );
}

function print(node: ts.Node, file: ts.SourceFile): string {
  return printer.printNode(ts.EmitHint.Unspecified, node, file);
}

/** A member's name and how it reads in a list: `name`, `name?` or `name(…)`. */
function memberLabel(member: ts.Node, checker: ts.TypeChecker): string {
  const name = (member as { name?: ts.PropertyName }).name;
  const text = name ? name.getText() : "";
  if (
    ts.isMethodSignature(member) ||
    ts.isMethodDeclaration(member) ||
    ts.isFunctionLike(member)
  ) {
    const params = (member as ts.SignatureDeclaration).parameters
      .map((p) => p.name.getText() + (p.questionToken ? "?" : ""))
      .join(", ");
    if (ts.isCallSignatureDeclaration(member)) return `(${params})`;
    if (ts.isConstructorDeclaration(member)) return `constructor(${params})`;
    return `${text}(${params})`;
  }
  void checker;
  const optional = (member as { questionToken?: ts.Node }).questionToken;
  return optional ? `${text}?` : text;
}

function memberDocs(
  members: readonly ts.Node[],
  checker: ts.TypeChecker,
  linkable: ReadonlySet<string>,
): { name: string; doc: string }[] {
  const out: { name: string; doc: string }[] = [];
  const seen = new Set<string>();
  for (const member of members) {
    const symbol =
      (member as { symbol?: ts.Symbol }).symbol ??
      ((member as { name?: ts.Node }).name
        ? checker.getSymbolAtLocation(
            (member as unknown as { name: ts.Node }).name,
          )
        : undefined);
    if (!symbol) continue;
    const doc = docOf(symbol, checker, linkable);
    const label = memberLabel(member, checker);
    // Overloads share one doc: list the member once.
    if (!doc || seen.has(label.replace(/\(.*$/, ""))) continue;
    seen.add(label.replace(/\(.*$/, ""));
    out.push({ name: label, doc });
  }
  return out;
}

function describeExport(
  name: string,
  symbol: ts.Symbol,
  checker: ts.TypeChecker,
  linkable: ReadonlySet<string>,
): ApiEntry | undefined {
  const declarations = symbol.declarations ?? [];
  const first = declarations[0];
  if (!first) return undefined;
  const file = first.getSourceFile();
  const rel = file.fileName.startsWith(root)
    ? file.fileName.slice(root.length)
    : file.fileName;
  const f = ts.factory;
  let kind: ApiEntry["kind"];
  const parts: string[] = [];
  let members: { name: string; doc: string }[] = [];

  if (ts.isFunctionDeclaration(first)) {
    kind = "function";
    for (const decl of declarations) {
      if (!ts.isFunctionDeclaration(decl)) continue;
      // The implementation of an overloaded function is not part of its API.
      if (declarations.length > 1 && decl.body) continue;
      parts.push(
        print(
          f.updateFunctionDeclaration(
            decl,
            withoutExport(decl),
            decl.asteriskToken,
            decl.name,
            decl.typeParameters,
            decl.parameters,
            decl.type,
            undefined,
          ),
          file,
        ),
      );
    }
  } else if (ts.isClassDeclaration(first)) {
    kind = "class";
    const classMembers: ts.ClassElement[] = [];
    for (const member of first.members) {
      const modifiers = ts.canHaveModifiers(member)
        ? ts.getModifiers(member)
        : undefined;
      if (
        modifiers?.some(
          (m) =>
            m.kind === ts.SyntaxKind.PrivateKeyword ||
            m.kind === ts.SyntaxKind.ProtectedKeyword,
        )
      )
        continue;
      if (ts.isConstructorDeclaration(member)) {
        classMembers.push(
          f.updateConstructorDeclaration(
            member,
            member.modifiers,
            member.parameters,
            undefined,
          ),
        );
      } else if (ts.isMethodDeclaration(member)) {
        classMembers.push(
          f.updateMethodDeclaration(
            member,
            member.modifiers,
            member.asteriskToken,
            member.name,
            member.questionToken,
            member.typeParameters,
            member.parameters,
            member.type,
            undefined,
          ),
        );
      } else if (ts.isPropertyDeclaration(member)) {
        classMembers.push(
          f.updatePropertyDeclaration(
            member,
            member.modifiers,
            member.name,
            member.questionToken ?? member.exclamationToken,
            member.type,
            undefined,
          ),
        );
      }
    }
    parts.push(
      print(
        f.updateClassDeclaration(
          first,
          withoutExport(first),
          first.name,
          first.typeParameters,
          first.heritageClauses,
          classMembers,
        ),
        file,
      ),
    );
    members = memberDocs(classMembers, checker, linkable);
    // Members of a class are documented on their original nodes.
    members = memberDocs(
      first.members.filter((m) =>
        classMembers.some((c) => ts.getOriginalNode(c) === m),
      ),
      checker,
      linkable,
    );
  } else if (ts.isInterfaceDeclaration(first)) {
    kind = "interface";
    for (const decl of declarations) {
      if (!ts.isInterfaceDeclaration(decl)) continue;
      parts.push(
        print(
          f.updateInterfaceDeclaration(
            decl,
            withoutExport(decl),
            decl.name,
            decl.typeParameters,
            decl.heritageClauses,
            decl.members,
          ),
          decl.getSourceFile(),
        ),
      );
      members.push(...memberDocs(decl.members, checker, linkable));
    }
  } else if (ts.isTypeAliasDeclaration(first)) {
    kind = "type";
    parts.push(
      print(
        f.updateTypeAliasDeclaration(
          first,
          withoutExport(first),
          first.name,
          first.typeParameters,
          first.type,
        ),
        file,
      ),
    );
  } else if (ts.isVariableDeclaration(first)) {
    kind = "constant";
    const type =
      first.type?.getText() ??
      checker.typeToString(
        checker.getTypeOfSymbolAtLocation(symbol, first),
        undefined,
        ts.TypeFormatFlags.NoTruncation,
      );
    const initializer = first.initializer;
    if (initializer && ts.isObjectLiteralExpression(initializer)) {
      // An object of helpers (tamper): list its methods like an interface.
      const lines: string[] = [];
      for (const property of initializer.properties) {
        if (ts.isMethodDeclaration(property)) {
          const method = f.createMethodSignature(
            undefined,
            property.name,
            property.questionToken,
            property.typeParameters,
            property.parameters,
            property.type,
          );
          lines.push(`  ${print(method, file)}`);
        }
      }
      if (lines.length > 0) {
        parts.push(`const ${name}: {\n${lines.join("\n")}\n};`);
        members = memberDocs(
          initializer.properties.filter(ts.isMethodDeclaration),
          checker,
          linkable,
        );
      } else {
        parts.push(`const ${name}: ${type};`);
      }
    } else {
      parts.push(`const ${name}: ${type};`);
    }
  } else {
    return undefined;
  }

  return {
    name,
    kind,
    signature: parts.join("\n"),
    doc: docOf(symbol, checker, linkable),
    members,
    file: rel,
  };
}

/** Reads every entry file of every package. */
export function readApi(
  packages: readonly ApiPackage[] = API_PACKAGES,
): Map<ApiPackage, ApiModule[]> {
  const files = packages.flatMap((pkg) =>
    pkg.entries.map((entry) => root + entry.file),
  );
  const program = createProgram(files);
  const checker = program.getTypeChecker();
  const result = new Map<ApiPackage, ApiModule[]>();
  for (const pkg of packages) {
    const modules: ApiModule[] = [];
    const firstSignatures = new Map<string, string>();
    for (const [index, entry] of pkg.entries.entries()) {
      const source = program.getSourceFile(root + entry.file);
      if (!source) throw new Error(`api-reference: ${entry.file} not found`);
      const moduleSymbol = checker.getSymbolAtLocation(source);
      if (!moduleSymbol) throw new Error(`api-reference: ${entry.file}`);
      const exports = checker.getExportsOfModule(moduleSymbol);
      const linkable = new Set(exports.map((s) => s.getName()));
      const entries: ApiEntry[] = [];
      for (const exported of exports) {
        const symbol =
          exported.flags & ts.SymbolFlags.Alias
            ? checker.getAliasedSymbol(exported)
            : exported;
        const described = describeExport(
          exported.getName(),
          symbol,
          checker,
          linkable,
        );
        if (!described) continue;
        // A second entry (core/portable) lists only what differs.
        if (index > 0) {
          const same = firstSignatures.get(described.name);
          if (same === described.signature + described.doc) continue;
        } else {
          firstSignatures.set(
            described.name,
            described.signature + described.doc,
          );
        }
        entries.push(described);
      }
      entries.sort(
        (a, b) =>
          KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
          a.name.localeCompare(b.name),
      );
      modules.push({ file: entry.file, title: entry.title, entries });
    }
    result.set(pkg, modules);
  }
  return result;
}

type Locale = "zh" | "en";

const HEADINGS: Record<Locale, Record<ApiEntry["kind"], string>> = {
  zh: {
    function: "函数 (Functions)",
    constant: "常量 (Constants)",
    class: "类 (Classes)",
    interface: "接口 (Interfaces)",
    type: "类型 (Types)",
  },
  en: {
    function: "Functions",
    constant: "Constants",
    class: "Classes",
    interface: "Interfaces",
    type: "Types",
  },
};

const TEXT = {
  zh: {
    intro:
      "以下签名与说明由 `scripts/api-reference.ts` 从源码的 TSDoc 自动生成（说明为英文原文），与发布的代码保持一致。",
    install: "安装",
    source: "源码",
    members: "成员",
    entry: "入口",
    otherEntry: (title: string) =>
      `\`${title}\` 导出与主入口相同的 API，以下只列出不同之处。`,
    index: "API 参考",
    indexIntro:
      "每个包的每个导出，签名与说明均由源码中的 TSDoc 生成；构建文档时重新生成，所以不会与代码脱节。",
  },
  en: {
    intro:
      "Generated from the TSDoc in the source by `scripts/api-reference.ts`, so it matches the published code.",
    install: "Install",
    source: "Source",
    members: "Members",
    entry: "Entry",
    otherEntry: (title: string) =>
      `\`${title}\` exports the same API as the main entry; only what differs is listed.`,
    index: "API reference",
    indexIntro:
      "Every export of every package, signatures and descriptions generated from the TSDoc in the source each time the docs are built, so they cannot drift from the code.",
  },
};

function entryMarkdown(
  entry: ApiEntry,
  locale: Locale,
  anchorPrefix = "",
): string {
  const lines = [`### ${entry.name} {#${anchorPrefix}${entry.name}}`, ""];
  if (entry.doc) lines.push(entry.doc, "");
  lines.push("```ts", entry.signature, "```", "");
  if (entry.members.length > 0) {
    lines.push(`**${TEXT[locale].members}**`, "");
    for (const member of entry.members) {
      lines.push(`- \`${member.name}\`: ${member.doc.replace(/\n+/g, " ")}`);
    }
    lines.push("");
  }
  lines.push(`<small>${TEXT[locale].source}: \`${entry.file}\`</small>`, "");
  return lines.join("\n");
}

/** The Markdown page of one package. */
export function packagePage(
  pkg: ApiPackage,
  modules: ApiModule[],
  locale: Locale,
): string {
  const t = TEXT[locale];
  const lines = [
    "---",
    `title: "${pkg.name}"`,
    "outline: [2, 3]",
    "---",
    "",
    `# ${pkg.name}`,
    "",
    pkg.summary[locale],
    "",
    t.intro,
    "",
    "```sh",
    `pnpm add ${pkg.name}`,
    "```",
    "",
  ];
  for (const [index, module] of modules.entries()) {
    if (index > 0) {
      lines.push(`## ${t.entry}: ${module.title ?? module.file}`, "");
      lines.push(t.otherEntry(module.title ?? module.file), "");
      for (const entry of module.entries) {
        // Anchors unique on the page: #portable-createNotifier
        const prefix = (module.title ?? module.file).split("/").pop();
        lines.push(entryMarkdown(entry, locale, `${prefix}-`));
      }
      continue;
    }
    for (const kind of KIND_ORDER) {
      const ofKind = module.entries.filter((e) => e.kind === kind);
      if (ofKind.length === 0) continue;
      lines.push(`## ${HEADINGS[locale][kind]}`, "");
      for (const entry of ofKind) lines.push(entryMarkdown(entry, locale));
    }
  }
  return lines.join("\n");
}

/** The index page listing every package. */
export function indexPage(
  api: Map<ApiPackage, ApiModule[]>,
  locale: Locale,
): string {
  const t = TEXT[locale];
  const base = locale === "zh" ? "/api/" : "/en/api/";
  const lines = [
    "---",
    `title: "${t.index}"`,
    "---",
    "",
    `# ${t.index}`,
    "",
    t.indexIntro,
    "",
  ];
  const header =
    locale === "zh"
      ? "| 包 | 用途 | 导出数 |\n| --- | --- | --- |"
      : "| package | what | exports |\n| --- | --- | --- |";
  lines.push(header);
  for (const [pkg, modules] of api) {
    const count = modules.reduce((n, m) => n + m.entries.length, 0);
    lines.push(
      `| [\`${pkg.name}\`](${base}${pkg.slug}) | ${pkg.summary[locale]} | ${count} |`,
    );
  }
  lines.push("");
  return lines.join("\n");
}
