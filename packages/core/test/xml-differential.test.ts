import { describe, expect, it } from "vitest";
import { testMerchant } from "@wxnotify/testing";
import { parseFlatXml, buildFlatXml } from "../src/_internal/xml.js";
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
