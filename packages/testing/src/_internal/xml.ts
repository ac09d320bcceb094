/** Options for {@link toV2Xml}. */
export interface V2XmlOptions {
  /** Root element name: `xml` for notifications, `root` inside a refund's `req_info`. */
  root?: string;
  /** Fields written as escaped plain text instead of CDATA (WeChat sends `total_fee` this way). */
  plainText?: readonly string[];
}

/**
 * Serializes fields as a flat v2 XML document, in insertion order, each value
 * in CDATA; `undefined` values are left out and empty strings kept as empty
 * elements, as WeChat sends them.
 */
export function toV2Xml(
  fields: Readonly<Record<string, string | undefined>>,
  options: V2XmlOptions = {},
): string {
  const root = options.root ?? "xml";
  const plain = new Set(options.plainText ?? []);
  let out = `<${root}>`;
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (!/^[A-Za-z_][\w.-]*$/.test(name)) {
      throw new TypeError(
        `@wxnotify/testing: ${JSON.stringify(name)} is not a valid XML element name.`,
      );
    }
    const text = plain.has(name) ? escapeText(value) : cdata(value);
    out += `<${name}>${text}</${name}>`;
  }
  return `${out}</${root}>`;
}

function cdata(value: string): string {
  // "]]>" cannot appear inside one CDATA section: end the section between
  // "]]" and ">" and open a new one, which decodes back to the same text.
  return `<![CDATA[${value.replaceAll("]]>", "]]]]><![CDATA[>")}]]>`;
}

function escapeText(value: string): string {
  return value
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;");
}

/** A flat v2 XML document read back: values, and which were plain text. */
export interface ParsedV2Xml {
  /** Root element name. */
  root: string;
  /** Every child element's decoded text, in document order. */
  fields: Record<string, string>;
  /** Names of elements whose value was plain text rather than CDATA. */
  plainText: string[];
}

const ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
};

/**
 * Parses a flat v2 XML document. Written here rather than borrowed from the
 * core so that the simulator never shares a parsing bug with the verifier;
 * it refuses DOCTYPEs and nesting, which WeChat never sends.
 */
export function parseV2Xml(text: string): ParsedV2Xml {
  const fail = (why: string): never => {
    throw new SyntaxError(`@wxnotify/testing: not a v2 XML document: ${why}.`);
  };
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) fail("it contains a DOCTYPE");
  let pos = 0;
  const skipSpace = () => {
    while (pos < text.length && /\s/.test(text[pos] ?? "")) pos++;
  };
  const readName = (): string => {
    const m = /^[A-Za-z_][\w.-]*/.exec(text.slice(pos));
    if (!m) return fail(`expected an element name at offset ${pos}`);
    pos += m[0].length;
    return m[0];
  };
  skipSpace();
  if (text.startsWith("<?xml", pos)) {
    const end = text.indexOf("?>", pos);
    if (end < 0) fail("unterminated XML declaration");
    pos = end + 2;
    skipSpace();
  }
  if (text[pos] !== "<") fail("it does not start with an element");
  pos++;
  const root = readName();
  skipSpace();
  if (text[pos] !== ">") fail("the root element has attributes");
  pos++;
  const fields: Record<string, string> = {};
  const plainText: string[] = [];
  for (;;) {
    skipSpace();
    if (text.startsWith(`</${root}`, pos)) break;
    if (text[pos] !== "<") fail(`unexpected text at offset ${pos}`);
    pos++;
    const name = readName();
    skipSpace();
    if (text.startsWith("/>", pos)) {
      pos += 2;
      fields[name] = "";
      continue;
    }
    if (text[pos] !== ">") fail(`element <${name}> has attributes`);
    pos++;
    let value = "";
    let sawText = false;
    for (;;) {
      if (pos >= text.length) fail(`element <${name}> is not closed`);
      if (text.startsWith("<![CDATA[", pos)) {
        const end = text.indexOf("]]>", pos);
        if (end < 0) fail("unterminated CDATA section");
        value += text.slice(pos + 9, end);
        pos = end + 3;
      } else if (text.startsWith(`</${name}>`, pos)) {
        pos += name.length + 3;
        break;
      } else if (text[pos] === "<") {
        fail(`element <${name}> contains markup (nesting is not v2)`);
      } else {
        const next = text.indexOf("<", pos);
        const raw = text.slice(pos, next < 0 ? text.length : next);
        if (raw.length > 0) sawText = true;
        value += raw.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (all, ent: string) =>
          decodeEntity(all, ent),
        );
        pos = next < 0 ? text.length : next;
      }
    }
    fields[name] = value;
    if (sawText && value.trim() !== "") plainText.push(name);
  }
  return { root, fields, plainText };
}

function decodeEntity(all: string, entity: string): string {
  if (entity.startsWith("#x") || entity.startsWith("#X")) {
    return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
  }
  if (entity.startsWith("#")) {
    return String.fromCodePoint(Number.parseInt(entity.slice(1), 10));
  }
  return ENTITIES[entity] ?? all;
}
