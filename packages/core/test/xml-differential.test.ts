import { describe, expect, it } from "vitest";
import { createNotifier } from "@wxnotify/core";
import { tamper, testMerchant } from "@wxnotify/testing";
import {
  buildFlatXml,
  forgetFieldNames,
  parseFlatXml,
  rememberFieldNames,
  rememberedShape,
} from "../src/_internal/xml.js";
import { parseFlatXml as referenceParse } from "./fixtures/reference-xml.js";
import { KAV_V2_4_XML } from "./fixtures/kav.js";

// The scanner must read every document exactly as the fast-xml-parser
// reference did: the same fields, or a refusal with the same code.
const merchant = testMerchant();

function outcome(
  parse: (text: string, root: "xml" | "root") => Record<string, string>,
  text: string,
  root: "xml" | "root",
) {
  try {
    return { fields: parse(text, root) };
  } catch (error) {
    return { code: (error as { code?: string }).code ?? "threw" };
  }
}

const wellFormed: Array<[string, string, "xml" | "root"]> = [
  ["KAV-V2-4", KAV_V2_4_XML, "xml"],
  ["v2 paid MD5", merchant.v2.paid().bodyText, "xml"],
  [
    "v2 paid HMAC with coupons",
    merchant.v2.paid(
      { attach: "中文 & <x>" },
      {
        signType: "HMAC-SHA256",
        coupons: [{ id: "1", fee: 5 }],
        plainText: ["total_fee"],
      },
    ).bodyText,
    "xml",
  ],
  ["v2 refund", merchant.v2.refund().bodyText, "xml"],
  ["v2 scan", merchant.v2.scanned().bodyText, "xml"],
  [
    "a reply",
    buildFlatXml({ return_code: "FAIL", return_msg: "a]]>b" }),
    "xml",
  ],
  [
    "declaration, BOM-less, CRLF",
    '<?xml version="1.0" encoding="UTF-8"?>\r\n<xml>\r\n<a>1</a>\r\n</xml>\r\n',
    "xml",
  ],
  [
    "entities and references",
    "<xml><a>1&amp;2&lt;3&gt;&quot;&apos;&#20013;&#x6587;</a></xml>",
    "xml",
  ],
  [
    "CDATA with markup",
    "<xml><a><![CDATA[<b>&amp;</b>]]></a><c>x<![CDATA[y]]>z</c></xml>",
    "xml",
  ],
  ["empty forms", "<xml><a/><b></b><c><![CDATA[]]></c><d> </d></xml>", "xml"],
  [
    "comments and PIs between fields",
    "<xml><!-- c --><a>1</a><?pi x?><b>2</b></xml>",
    "xml",
  ],
  ["attributes ignored", '<xml><a x="1">v</a></xml>', "xml"],
  [
    "refund plaintext root",
    "<root><out_refund_no><![CDATA[R1]]></out_refund_no><refund_fee>100</refund_fee></root>",
    "root",
  ],
  [
    "leading zeros and long digits",
    "<xml><a>0001</a><b>4200000925202101284997714292</b><c>0E68</c></xml>",
    "xml",
  ],
];

const malformedDocuments: Array<[string, string]> = [
  [
    "DOCTYPE",
    '<!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml><a>&x;</a></xml>',
  ],
  ["lower-case doctype", "<!doctype xml><xml><a>1</a></xml>"],
  ["ENTITY alone", '<xml><!ENTITY x "y"><a>1</a></xml>'],
  ["undeclared entity", "<xml><a>&lol;</a></xml>"],
  ["bare ampersand", "<xml><a>1 & 2</a></xml>"],
  ["nested", "<xml><a><b>1</b></a></xml>"],
  ["repeated", "<xml><a>1</a><a>2</a></xml>"],
  ["__proto__", "<xml><__proto__>1</__proto__></xml>"],
  ["constructor", "<xml><constructor>1</constructor></xml>"],
  ["unclosed root", "<xml><a>1</a>"],
  ["mismatched", "<xml><a>1</b></xml>"],
  ["two roots", "<xml><a>1</a></xml><xml/>"],
  ["wrong root", "<root><a>1</a></root>"],
  ["text in root", "<xml>loose<a>1</a></xml>"],
  ["trailing text", "<xml><a>1</a></xml>junk"],
  ["not XML", "return_code=SUCCESS"],
  ["empty", ""],
  ["unterminated CDATA", "<xml><a><![CDATA[x</a></xml>"],
  ["truncated", merchant.v2.paid().bodyText.slice(0, 120)],
];

describe("the XML scanner against the fast-xml-parser reference", () => {
  it.each(wellFormed)("%s: same fields", (_, text, root) => {
    const expected = outcome(referenceParse, text, root);
    expect(expected.fields).toBeDefined();
    expect(outcome(parseFlatXml, text, root)).toEqual(expected);
  });

  it.each(malformedDocuments)("%s: refused with the same code", (_, text) => {
    const expected = outcome(referenceParse, text, "xml");
    expect(expected.code).toBeDefined();
    expect(outcome(parseFlatXml, text, "xml")).toEqual(expected);
  });

  it("keeps a field named like an Object.prototype member, which the reference renamed", () => {
    expect(parseFlatXml("<xml><toString>1</toString></xml>", "xml")).toEqual({
      toString: "1",
    });
  });
});

describe("the XML scanner with the names of verified documents remembered", () => {
  // After rememberFieldNames, a document is read through the remembered
  // names (and, once a shape has come 4 times in a row, one pattern for the
  // whole document): every document must still read exactly as the
  // reference reads it, whether it has the remembered shape or departs from
  // it anywhere.
  function random(seed: number) {
    let state = seed;
    return (n: number) => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return (state >>> 8) % n;
    };
  }
  // A req_info-like value: long values are read with indexOf, not the pattern.
  const long = "Q".repeat(150) + "+/09az" + "w".repeat(150) + "==";
  const longWith = (inside: string) =>
    long.slice(0, 200) + inside + long.slice(200);
  // The first five are the form WeChat Pay sends; the others are not.
  const values = [
    "",
    "SUCCESS",
    "4200000925202101284997714292",
    "中文 value",
    long,
    longWith("]"),
    longWith("]]>"),
    longWith("<"),
    longWith("<!DOCTYPE x>"),
    longWith("\r\n"),
    "a]b",
    "x]]>y",
    "<b>1</b>",
    "<!DOCTYPE x>",
    "a&amp;b",
    "line\r\nbreak",
    " padded ",
    "]",
  ];
  function element(name: string, value: string, form: number): string {
    switch (form) {
      case 0:
        return `<${name}/>`;
      case 1:
        return `<${name}>${value.replaceAll("&", "&amp;").replaceAll("<", "&lt;")}</${name}>`;
      case 2:
        return `<${name} x="1"><![CDATA[${value}]]></${name}>`;
      default:
        return `<${name}><![CDATA[${value}]]></${name}>`;
    }
  }

  it("reads every document as the reference does, remembered shape or not", () => {
    forgetFieldNames();
    const next = random(5);
    const pool = ["appid", "b.c", "d-e", "中文", "z", "attach", "sign"];
    let shape = ["appid", "attach", "b.c", "sign"];
    let viaReader = 0;
    let viaLongValues = 0;
    for (let i = 0; i < 4000; i++) {
      // Mostly the remembered shape; sometimes a prefix of it and other
      // names, a repeat, or every name in another order.
      let names = shape;
      const change = next(10);
      if (change === 0) {
        names = [...shape.slice(0, next(shape.length + 1))];
        for (let n = next(3); n > 0; n--) names.push(pool[next(pool.length)]!);
      } else if (change === 1) {
        names = [...shape].reverse();
      }
      // Half the documents in the form WeChat Pay sends (plain values in
      // CDATA); in the others one element departs from it, most often with
      // a value in CDATA that the pattern must leave to the scan.
      const canonical = next(2) === 0;
      const odd = next(names.length);
      const space = next(8) === 0 ? "\r\n " : "";
      const xml = `<xml>${names
        .map((name, index) =>
          canonical || index !== odd
            ? `${space}${element(name, values[next(5)]!, 3)}`
            : `${space}${element(name, values[next(values.length)]!, next(3) > 0 ? 3 : next(3))}`,
        )
        .join("")}${space}</xml>${space}`;
      const { readerNames: readerBefore, longNames } = rememberedShape("xml");
      const expected = outcome(referenceParse, xml, "xml");
      const actual = outcome(parseFlatXml, xml, "xml");
      expect(actual, xml).toEqual(expected);
      if (actual.fields) {
        if (
          readerBefore.length > 0 &&
          readerBefore.join() === Object.keys(actual.fields).join()
        ) {
          viaReader++;
          if (longNames.length > 0) viaLongValues++;
        }
        rememberFieldNames("xml", actual.fields);
        if (next(50) === 0) shape = Object.keys(actual.fields);
      }
    }
    // The run went through the pattern's shape often enough to mean something.
    expect(viaReader).toBeGreaterThan(1000);
    expect(viaLongValues).toBeGreaterThan(300);
  });

  it("builds the pattern for a shape that came 4 times in a row, and keeps it through another", () => {
    forgetFieldNames();
    const a = { x: "1", y: "2" };
    for (let i = 0; i < 3; i++) rememberFieldNames("xml", a);
    expect(rememberedShape("xml").readerNames).toEqual([]);
    rememberFieldNames("xml", { x: "1", y: "2" });
    expect(rememberedShape("xml").readerNames).toEqual(["x", "y"]);
    const reader = rememberedShape("xml").reader;
    rememberFieldNames("xml", { x: "1", z: "2" });
    expect(rememberedShape("xml")).toMatchObject({
      names: ["x", "z"],
      readerNames: ["x", "y"],
    });
    // The first shape again, 4 times: the pattern for it is kept, not
    // compiled again.
    for (let i = 0; i < 4; i++) rememberFieldNames("xml", { x: "3", y: "4" });
    expect(rememberedShape("xml").reader).toBe(reader);
    expect(
      parseFlatXml(
        "<xml><x><![CDATA[1]]></x><y><![CDATA[2]]></y></xml>",
        "xml",
      ),
    ).toEqual({ x: "1", y: "2" });
    // A <root> document is read with what was remembered for <root> only.
    expect(rememberedShape("root").names).toEqual([]);
  });

  it("refuses a name repeated after the remembered names stop matching", () => {
    forgetFieldNames();
    rememberFieldNames("xml", { a: "1", b: "2", c: "3" });
    for (const xml of [
      "<xml><a>1</a><b>2</b><d>3</d><a>4</a></xml>",
      "<xml><a>1</a><b>2</b><a>3</a></xml>",
      "<xml><a>1</a><b>2</b><c>3</c><b>4</b></xml>",
      "<xml><a>1</a><b>2</b><c>3</c><__proto__>4</__proto__></xml>",
    ]) {
      expect(outcome(parseFlatXml, xml, "xml"), xml).toEqual({
        code: "body_malformed",
      });
    }
  });

  it("is taught only by verified notifications", async () => {
    forgetFieldNames();
    const notifier = createNotifier(merchant.config);
    const genuine = merchant.v2.paid();
    await notifier.verify({ headers: {}, body: genuine.bodyText });
    const remembered = rememberedShape("xml").names;
    expect(remembered).toContain("transaction_id");
    const forged = tamper.wrongApiV2Key(merchant.v2.paid({ attach: "x" }), {
      apiV2Key: "w".repeat(32),
    });
    await expect(
      notifier.verify({ headers: {}, body: forged.bodyText }),
    ).rejects.toMatchObject({ code: "signature_invalid" });
    expect(rememberedShape("xml").names).toBe(remembered);
  });
});
