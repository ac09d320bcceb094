import { XMLParser, XMLValidator } from "fast-xml-parser";
import { MalformedRequestError, WxNotifyError } from "../errors.js";

const CDATA = "#cdata";
const TEXT = "#text";

// No entity processing in the parser: the only entities XML allows without a
// DTD (the five predefined ones and numeric references) are decoded below, and
// a DTD never reaches the parser.
const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: true,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  htmlEntities: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: CDATA,
  textNodeName: TEXT,
});

const FORBIDDEN_NAMES = new Set(["__proto__", "constructor", "prototype"]);
const DTD_PATTERN = /<!\s*(?:DOCTYPE|ENTITY|ELEMENT|ATTLIST)/i;
const ENTITY_PATTERN = /&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);|&/g;
const PREDEFINED: Record<string, string> = {
  lt: "<",
  gt: ">",
  amp: "&",
  apos: "'",
  quot: '"',
};

type OrderedNode = Record<string, unknown>;

function malformed(message: string, cause?: unknown): MalformedRequestError {
  return new MalformedRequestError("body_malformed", message, { cause });
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
  if (DTD_PATTERN.test(text)) {
    throw new MalformedRequestError(
      "xml_doctype_forbidden",
      "The XML body declares a DTD (<!DOCTYPE or <!ENTITY>). WeChat Pay never sends one; it is refused to prevent XXE and entity expansion attacks.",
    );
  }
  const validation = XMLValidator.validate(text);
  if (validation !== true) {
    throw malformed(
      `The body is not well-formed XML (${validation.err.msg} at line ${validation.err.line}, column ${validation.err.col}).`,
    );
  }
  let document: OrderedNode[];
  try {
    document = parser.parse(text) as OrderedNode[];
  } catch (error) {
    if (error instanceof WxNotifyError) throw error;
    throw malformed(
      "The XML body could not be parsed (an element name may be reserved, like __proto__).",
      error,
    );
  }
  const elements = document.filter((node) => !(TEXT in node));
  if (elements.length !== 1) {
    throw malformed(
      `The XML body must have exactly one root element <${rootName}>, found ${elements.length}.`,
    );
  }
  const root = elements[0]!;
  const name = Object.keys(root)[0];
  if (name !== rootName) {
    throw malformed(
      `The XML root element is <${name ?? ""}>, expected <${rootName}>.`,
    );
  }
  const fields: Record<string, string> = {};
  for (const child of root[rootName] as OrderedNode[]) {
    const key = Object.keys(child)[0]!;
    if (key === TEXT) {
      if (String(child[TEXT]).trim() !== "") {
        throw malformed(
          `The XML root <${rootName}> holds text outside any element.`,
        );
      }
      continue;
    }
    if (key === CDATA) {
      throw malformed(
        `The XML root <${rootName}> holds CDATA outside any element.`,
      );
    }
    if (FORBIDDEN_NAMES.has(key)) {
      throw malformed(`The XML element name <${key}> is not allowed.`);
    }
    if (Object.prototype.hasOwnProperty.call(fields, key)) {
      throw malformed(
        `The XML element <${key}> appears twice; a notification has each field once.`,
      );
    }
    fields[key] = readValue(child[key] as OrderedNode[], key);
  }
  return fields;
}

function readValue(parts: OrderedNode[], field: string): string {
  let value = "";
  for (const part of parts) {
    if (TEXT in part) {
      value += decodeText(String(part[TEXT]), field);
    } else if (CDATA in part) {
      const inner = part[CDATA] as OrderedNode[];
      for (const piece of inner) value += String(piece[TEXT] ?? "");
    } else {
      throw malformed(
        `The XML element <${field}> contains a nested element; WeChat Pay notifications are flat.`,
      );
    }
  }
  return value;
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
