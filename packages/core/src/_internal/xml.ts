import { MalformedRequestError } from "../errors.js";

// A scanner for the one XML shape WeChat Pay sends, a flat document
// (`<xml><k>v</k>…</xml>`, values in text or CDATA). It replaces
// fast-xml-parser's validate + parse, which cost ~90% of a v2 verification
// (bench/README.md): a general parser builds a tree, a path matcher and
// entity maps for a document that is one level deep. Everything else is
// refused as body_malformed, with the same checks as before.

const FORBIDDEN_NAMES = new Set(["__proto__", "constructor", "prototype"]);
const DTD_AT = /<!\s*(?:DOCTYPE|ENTITY|ELEMENT|ATTLIST)/iy;
const ENTITY_PATTERN = /&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);|&/g;
const PREDEFINED: Record<string, string> = {
  lt: "<",
  gt: ">",
  amp: "&",
  apos: "'",
  quot: '"',
};
const CDATA_OPEN = "<![CDATA[";

function malformed(message: string, cause?: unknown): MalformedRequestError {
  return new MalformedRequestError("body_malformed", message, { cause });
}

function notWellFormed(what: string): MalformedRequestError {
  return malformed(`The body is not well-formed XML (${what}).`);
}

function decodeText(text: string, field: string): string {
  if (!text.includes("&")) return text;
  return text.replace(ENTITY_PATTERN, (match, entity: string | undefined) => {
    if (entity === undefined) {
      throw malformed(
        `XML element <${field}> holds a bare "&"; WeChat Pay escapes it or uses CDATA.`,
      );
    }
    if (entity.startsWith("#")) {
      const code = entity.startsWith("#x")
        ? Number.parseInt(entity.slice(2), 16)
        : Number.parseInt(entity.slice(1), 10);
      if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) || code === 0) {
        throw malformed(
          `XML element <${field}> holds an invalid character reference ${match}.`,
        );
      }
      return String.fromCodePoint(code);
    }
    const value = PREDEFINED[entity];
    if (value === undefined) {
      throw malformed(
        `XML element <${field}> uses the entity ${match}; only the five predefined XML entities are allowed.`,
      );
    }
    return value;
  });
}

// XML NameStartChar (2) and NameChar (1) in ASCII; every non-ASCII
// character is accepted in names.
const NAME = new Uint8Array(128);
for (let code = 0; code < 128; code++) {
  const char = String.fromCharCode(code);
  if (/[A-Za-z_:]/.test(char)) NAME[code] = 2;
  else if (/[0-9.-]/.test(char)) NAME[code] = 1;
}

/** XML end-of-line handling (§2.11): CR LF and lone CR read as LF, as before. */
function normalizeNewlines(raw: string): string {
  return raw.replace(/\r\n?/g, "\n");
}

/**
 * Whether `<!` followed by DOCTYPE, ENTITY, ELEMENT or ATTLIST appears
 * anywhere, even inside CDATA: the same refusal as one case-insensitive
 * regex over the whole text, at a quarter of its cost, because the `<!` of
 * every CDATA section (`<![`) and comment (`<!-`) is passed over at once.
 */
function declaresDtd(text: string): boolean {
  for (let at = text.indexOf("<!"); at >= 0; at = text.indexOf("<!", at + 2)) {
    const next = text.charCodeAt(at + 2);
    if (next === 0x5b /* [ */ || next === 0x2d /* - */) continue;
    DTD_AT.lastIndex = at;
    if (DTD_AT.test(text)) return true;
  }
  return false;
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

// The helpers below take the text and a position and return the position
// after what they read: the whole scan is one function and a few integers.

function skipSpaces(text: string, at: number): number {
  while (at < text.length && isSpace(text.charCodeAt(at))) at++;
  return at;
}

/** Past `<!-- … -->` or `<? … ?>` at `at`; `at` itself when neither is there. */
function skipCommentOrPi(text: string, at: number): number {
  const close = text.startsWith("<!--", at)
    ? "-->"
    : text.startsWith("<?", at)
      ? "?>"
      : undefined;
  if (close === undefined) return at;
  const end = text.indexOf(close, at + 2);
  if (end < 0) {
    throw notWellFormed(
      `an unclosed ${close === "-->" ? "comment" : "processing instruction"}`,
    );
  }
  return end + close.length;
}

/** Whitespace, comments and processing instructions (the XML declaration). */
function skipMisc(text: string, at: number): number {
  for (;;) {
    const next = skipCommentOrPi(text, skipSpaces(text, at));
    if (next === at) return at;
    at = next;
  }
}

/** The end of the tag name starting at `start`. */
function nameEnd(text: string, start: number): number {
  const first = text.charCodeAt(start);
  if (!(first >= 128 || NAME[first] === 2)) {
    throw notWellFormed(`an invalid tag name at offset ${start}`);
  }
  let end = start + 1;
  while (end < text.length) {
    const code = text.charCodeAt(end);
    if (code < 128 && NAME[code] === 0) break;
    end++;
  }
  return end;
}

/** The position of the `>` closing a start tag whose name ends at `at` (attributes skipped). */
function startTagClose(text: string, at: number): number {
  for (;;) {
    const code = text.charCodeAt(at);
    if (code === 0x3e) return at;
    if (code === 0x22 || code === 0x27) {
      const end = text.indexOf(code === 0x22 ? '"' : "'", at + 1);
      if (end < 0) throw notWellFormed("an unclosed attribute value");
      at = end + 1;
    } else if (Number.isNaN(code) || code === 0x3c) {
      throw notWellFormed("an unclosed start tag");
    } else {
      at++;
    }
  }
}

/** Past `</expected>` (spaces allowed before `>`) at `at`. */
function endTag(text: string, at: number, expected: string): number {
  const after = at + 2 + expected.length;
  if (text.charCodeAt(after) === 0x3e && text.startsWith(expected, at + 2)) {
    return after + 1; // the usual case, without slicing the name out
  }
  const end = nameEnd(text, at + 2);
  const name = text.slice(at + 2, end);
  const close = skipSpaces(text, end);
  if (text.charCodeAt(close) !== 0x3e) {
    throw notWellFormed(`an unclosed end tag </${name}>`);
  }
  if (name !== expected) {
    throw notWellFormed(`</${name}> closes <${expected}>`);
  }
  return close + 1;
}

/**
 * What the scanner remembers of the verified documents under one root
 * (`rememberFieldNames`): their field names, never their values. A
 * notification has 10–40 fields; WeChat Pay sends the same ones, in the
 * same order, notification after notification.
 */
interface ShapeMemo {
  /** The names of the last verified document, in order. */
  names: readonly string[];
  /** Verified documents in a row with exactly `names`. */
  run: number;
  /** How to read a whole document of one shape at once, once there is one. */
  reader: ShapeReader | undefined;
  /** The fields the last parse returned, and their names when they are a remembered list. */
  parsed: object | undefined;
  parsedNames: readonly string[] | undefined;
}

const MEMO_LIMIT = 64;
// Compiling a reader costs as much as a few dozen scans: it is built for a
// shape that has come this many times in a row, and a different document
// now and then does not replace it.
const READER_AFTER = 4;
const memos: Record<"xml" | "root", ShapeMemo> = {
  xml: emptyMemo(),
  root: emptyMemo(),
};

function emptyMemo(): ShapeMemo {
  return {
    names: [],
    run: 0,
    reader: undefined,
    parsed: undefined,
    parsedNames: undefined,
  };
}

const XML_SPACE = "[ \\t\\r\\n]*";
// A value at least this long (a refund's req_info: ~1,400 characters) is
// found with indexOf, which the engine runs many characters at a time,
// instead of by the pattern, which tests one character at a time (≈ 6k
// instructions for a req_info, against a few hundred).
const LONG_VALUE = 256;

/**
 * Reads a whole document of one shape: `<root>`, each name in order as
 * `<name><![CDATA[value]]></name>`, `</root>`, XML whitespace between. A
 * value ends at the first `]]>` and holds no `<` or CR, so it matches only
 * documents the scan reads the same way with none of its work to do: no
 * DTD, markup or newline inside a value, no repeat (the names are
 * distinct), no other element. Anything else is left to the scan.
 *
 * The patterns (sticky, one per stretch between two long values) match the
 * markup and the short values, which hold no `]` at all; a long value is
 * found and checked with indexOf.
 * Linear: every repetition is a character class followed by a character it
 * excludes.
 */
interface ShapeReader {
  /** The names of the shape, in order. */
  names: readonly string[];
  segments: readonly RegExp[];
  /** Per name: whether its value is read with indexOf. */
  long: readonly boolean[];
}

function shapeReader(
  rootName: string,
  fields: Record<string, string>,
  names: readonly string[],
): ShapeReader {
  const segments: RegExp[] = [];
  const long: boolean[] = [];
  let source = `<${rootName}>`;
  for (const name of names) {
    const escaped = name.replace(/[.\-]/g, "\\$&");
    source += `${XML_SPACE}<${escaped}><!\\[CDATA\\[`;
    const isLong = (fields[name] ?? "").length >= LONG_VALUE;
    long.push(isLong);
    if (isLong) {
      segments.push(new RegExp(source, "y"));
      source = "";
    } else {
      source += "([^\\]<\\r]*)";
    }
    source += `\\]\\]></${escaped}>`;
  }
  segments.push(
    new RegExp(`${source}${XML_SPACE}</${rootName}>${XML_SPACE}$`, "y"),
  );
  return { names, segments, long };
}

/** The fields of a document of the reader's shape; undefined when it is not one. */
function readShape(
  reader: ShapeReader,
  text: string,
): Record<string, string> | undefined {
  const { names, segments, long } = reader;
  const fields: Record<string, string> = {};
  let at = 0;
  let field = 0;
  for (const segment of segments) {
    segment.lastIndex = at;
    const match = segment.exec(text);
    if (match === null) return undefined;
    for (let group = 1; field < names.length && !long[field]; group++) {
      fields[names[field++]!] = match[group]!;
    }
    at = segment.lastIndex;
    if (field === names.length) break;
    // A long value: up to the first "]]>" (where the scan ends the CDATA
    // too, so a "]" before it reads the same), without "<" or CR.
    const close = text.indexOf("]]>", at);
    if (close < 0 || text.indexOf("<", at) < close) return undefined;
    const cr = text.indexOf("\r", at);
    if (cr >= 0 && cr < close) return undefined;
    fields[names[field++]!] = text.slice(at, close);
    at = close;
  }
  return fields;
}

/**
 * Tells the scanner the fields of a document that verified (its sign
 * checked, or its req_info decrypted): the next documents with the same
 * names are read faster. Only verified documents teach it, so forged
 * requests cannot make it rebuild what it remembers.
 */
export function rememberFieldNames(
  rootName: "xml" | "root",
  fields: Record<string, string>,
): void {
  const memo = memos[rootName];
  let names = memo.parsed === fields ? memo.parsedNames : undefined;
  memo.parsed = undefined;
  if (names === undefined) {
    // Property keys are internalized strings: comparing with them is cheap.
    names = Object.keys(fields);
    if (names.length > MEMO_LIMIT) return;
  }
  if (names === memo.names || sameNames(names, memo.names)) {
    memo.run++;
    names = memo.names;
  } else {
    memo.names = names;
    memo.run = 1;
  }
  const readerNames = memo.reader?.names ?? [];
  // The same names may come back as another list (read by the scan): the
  // reader is compiled only for names it is not already for.
  if (
    memo.run >= READER_AFTER &&
    names !== readerNames &&
    !sameNames(names, readerNames)
  ) {
    memo.reader = shapeReader(rootName, fields, names);
  }
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Forgets every remembered name (tests). */
export function forgetFieldNames(): void {
  memos.xml = emptyMemo();
  memos.root = emptyMemo();
}

/** The names remembered under a root, and the reader for a whole document (tests). */
export function rememberedShape(rootName: "xml" | "root"): {
  names: readonly string[];
  reader: object | undefined;
  readerNames: readonly string[];
  /** The names whose values the reader finds with indexOf. */
  longNames: readonly string[];
} {
  const { names, reader } = memos[rootName];
  const readerNames = reader?.names ?? [];
  const longNames = readerNames.filter((_, i) => reader?.long[i]);
  return { names, reader, readerNames, longNames };
}

/**
 * Parses a flat WeChat Pay XML document (`<xml><k>v</k>…</xml>`) into a map of
 * strings, safely: a DTD is refused before parsing, nothing is typed, values
 * keep their exact text (CDATA taken verbatim, entities in text decoded),
 * nested or repeated elements and prototype-polluting names are refused.
 */
export function parseFlatXml(
  text: string,
  rootName: "xml" | "root",
): Record<string, string> {
  const memo = memos[rootName];
  const read = memo.reader && readShape(memo.reader, text);
  if (read) {
    memo.parsed = read;
    memo.parsedNames = memo.reader!.names;
    return read;
  }
  if (declaresDtd(text)) {
    throw new MalformedRequestError(
      "xml_doctype_forbidden",
      "The XML body declares a DTD (<!DOCTYPE or <!ENTITY>). WeChat Pay never sends one; it is refused to prevent XXE and entity expansion attacks.",
    );
  }
  // A BOM is kept by the decoder; skip it like whitespace.
  let at = skipMisc(text, text.charCodeAt(0) === 0xfeff ? 1 : 0);
  if (text.charCodeAt(at) !== 0x3c) {
    throw malformed(
      `The XML body must have exactly one root element <${rootName}>, found ${at < text.length ? "text" : "nothing"}.`,
    );
  }
  let end = nameEnd(text, at + 1);
  const root = text.slice(at + 1, end);
  if (root !== rootName) {
    throw malformed(
      `The XML root element is <${root}>, expected <${rootName}>.`,
    );
  }
  at = startTagClose(text, end) + 1;
  const fields: Record<string, string> = {};
  // The names of the last verified document with this root, in order:
  // while this one repeats them, each name is recognized with one
  // comparison instead of being scanned, cut out and looked up in V8's
  // string table (a third of the scan, bench/README.md). Remembered names
  // are distinct and passed every check below, so a name matched at its
  // own index needs none of them; the first mismatch ends the memo for
  // this document.
  const known = memo.names;
  let memoAt = 0;
  // One scan for CR instead of one per value: WeChat Pay sends none.
  const hasCr = text.includes("\r");
  // WeChat Pay sends the names in order: a name greater than every one
  // before it cannot repeat one, and the lookup below is skipped for it.
  let greatest = "";
  let greatestFirst = -1; // every name is greater than none
  if (text.charCodeAt(at - 2) !== 0x2f /* <xml/> */) {
    for (;;) {
      at = skipSpaces(text, at);
      if (at >= text.length)
        throw notWellFormed(`<${rootName}> is never closed`);
      if (text.charCodeAt(at) !== 0x3c) {
        throw malformed(
          `The XML root <${rootName}> holds text outside any element.`,
        );
      }
      const next = text.charCodeAt(at + 1);
      if (next === 0x2f) {
        at = endTag(text, at, rootName);
        break;
      }
      if (next === 0x21 || next === 0x3f) {
        // <!-- comment -->, <?pi?> or CDATA, never an element.
        if (text.startsWith(CDATA_OPEN, at)) {
          throw malformed(
            `The XML root <${rootName}> holds CDATA outside any element.`,
          );
        }
        const skipped = skipCommentOrPi(text, at);
        if (skipped === at) throw notWellFormed(`an unexpected "<!" at ${at}`);
        at = skipped;
        continue;
      }
      // A field: <name>, then text and CDATA up to </name>.
      let name: string;
      const expected = memoAt >= 0 ? known[memoAt] : undefined;
      if (
        expected !== undefined &&
        text.charCodeAt(at + 1 + expected.length) === 0x3e /* > */ &&
        text.startsWith(expected, at + 1)
      ) {
        name = expected;
        memoAt++;
        at += expected.length + 2;
      } else {
        if (memoAt > 0) {
          // The names matched so far count for the repeat check below.
          for (let i = 0; i < memoAt; i++) {
            const seen = known[i]!;
            const seenFirst = seen.charCodeAt(0);
            if (
              seenFirst > greatestFirst ||
              (seenFirst === greatestFirst && seen > greatest)
            ) {
              greatest = seen;
              greatestFirst = seenFirst;
            }
          }
        }
        memoAt = -1;
        end = nameEnd(text, at + 1);
        name = text.slice(at + 1, end);
        if (
          (name.length === 9 || name.length === 11) &&
          FORBIDDEN_NAMES.has(name)
        ) {
          throw malformed(`The XML element name <${name}> is not allowed.`);
        }
        const first = name.charCodeAt(0);
        if (
          // The first character settles most comparisons without a call.
          (first < greatestFirst ||
            (first === greatestFirst && name <= greatest)) &&
          Object.prototype.hasOwnProperty.call(fields, name)
        ) {
          throw malformed(
            `The XML element <${name}> appears twice; a notification has each field once.`,
          );
        }
        if (
          first > greatestFirst ||
          (first === greatestFirst && name > greatest)
        ) {
          greatest = name;
          greatestFirst = first;
        }
        at = startTagClose(text, end);
        if (text.charCodeAt(at - 1) === 0x2f) {
          fields[name] = ""; // <name/>
          at++;
          continue;
        }
        at++;
      }
      // The shape WeChat Pay sends, <name><![CDATA[value]]></name>, in one
      // step; anything else (text, entities, several parts) takes the loop.
      if (text.startsWith(CDATA_OPEN, at)) {
        const start = at + CDATA_OPEN.length;
        const close = text.indexOf("]]>", start);
        if (close >= 0 && text.startsWith("</", close + 3)) {
          const raw = text.slice(start, close);
          fields[name] = hasCr ? normalizeNewlines(raw) : raw;
          at = endTag(text, close + 3, name);
          continue;
        }
      }
      let value = "";
      for (;;) {
        const open = text.indexOf("<", at);
        if (open < 0) throw notWellFormed(`<${name}> is never closed`);
        if (open > at) {
          const raw = text.slice(at, open);
          value += decodeText(hasCr ? normalizeNewlines(raw) : raw, name);
        }
        at = open;
        const kind = text.charCodeAt(open + 1);
        if (kind === 0x2f) {
          at = endTag(text, open, name);
          break;
        }
        if (kind === 0x21 && text.startsWith(CDATA_OPEN, open)) {
          const start = open + CDATA_OPEN.length;
          const close = text.indexOf("]]>", start);
          if (close < 0) {
            throw notWellFormed(`an unclosed CDATA section in <${name}>`);
          }
          const raw = text.slice(start, close);
          value += hasCr ? normalizeNewlines(raw) : raw;
          at = close + 3;
          continue;
        }
        const skippedInValue = skipCommentOrPi(text, open);
        if (skippedInValue === open) {
          throw malformed(
            `The XML element <${name}> contains a nested element; WeChat Pay notifications are flat.`,
          );
        }
        at = skippedInValue;
      }
      fields[name] = value;
    }
  }
  at = skipMisc(text, at);
  if (at < text.length) {
    throw malformed(
      text.charCodeAt(at) === 0x3c
        ? `The XML body must have exactly one root element <${rootName}>, found more.`
        : "The body is not well-formed XML (text after the root element).",
    );
  }
  memo.parsed = fields;
  memo.parsedNames = memoAt === known.length ? known : undefined;
  return fields;
}

/**
 * Builds a flat `<xml>` document with every value in CDATA. Values come from
 * the library itself, but `]]>` is still split so no value can close its CDATA
 * section early.
 */
export function buildFlatXml(
  fields: Record<string, string | undefined>,
): string {
  let xml = "<xml>";
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    xml += `<${key}><![CDATA[${value.replaceAll("]]>", "]]]]><![CDATA[>")}]]></${key}>`;
  }
  return `${xml}</xml>`;
}
