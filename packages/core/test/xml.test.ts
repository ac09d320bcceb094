import { describe, expect, it } from "vitest";
import { createNotifier, type WxNotifyError } from "@wxnotify/core";
import { buildFlatXml, parseFlatXml } from "../src/_internal/xml.js";

function errorOf(run: () => unknown): WxNotifyError {
  try {
    run();
  } catch (error) {
    return error as WxNotifyError;
  }
  throw new Error("expected an error");
}

describe("parseFlatXml", () => {
  it("keeps every value as its exact string", () => {
    const fields = parseFlatXml(
      "<xml><a><![CDATA[0001409811653]]></a><b>1004400740201409030005092168</b><c>0E68</c><d> padded </d><e/><f></f><g><![CDATA[]]></g></xml>",
      "xml",
    );
    expect(fields).toEqual({
      a: "0001409811653",
      b: "1004400740201409030005092168",
      c: "0E68",
      d: " padded ",
      e: "",
      f: "",
      g: "",
    });
  });

  it("decodes predefined and numeric entities in text, but not in CDATA", () => {
    const fields = parseFlatXml(
      "<xml><a>1&amp;2&lt;3&gt;&quot;&apos;&#20013;&#x6587;</a><b><![CDATA[x&amp;y]]></b><c>a<![CDATA[b]]>c</c></xml>",
      "xml",
    );
    expect(fields).toEqual({ a: "1&2<3>\"'中文", b: "x&amp;y", c: "abc" });
  });

  it.each([
    [
      "joins a value made of several CDATA sections and text",
      "<xml><a><![CDATA[x]]><![CDATA[y]]></a><b><![CDATA[p]]>q&amp;<![CDATA[r]]></b><c><![CDATA[]]></c></xml>",
      { a: "xy", b: "pq&r", c: "" },
    ],
    [
      "reads CR LF and lone CR in values as LF, in text and in CDATA",
      "<xml><a>x\r\ny\rz</a><b><![CDATA[p\r\nq\r]]></b><c>plain</c></xml>",
      { a: "x\ny\nz", b: "p\nq\n", c: "plain" },
    ],
    [
      "accepts an XML declaration and whitespace between elements",
      '<?xml version="1.0" encoding="UTF-8"?>\n<xml>\n  <a>1</a>\n</xml>\n',
      { a: "1" },
    ],
  ])("%s", (_, xml, fields) => {
    expect(parseFlatXml(xml, "xml")).toEqual(fields);
  });

  it.each([
    [
      "XXE",
      '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><a>&xxe;</a></xml>',
      "xml_doctype_forbidden",
    ],
    [
      "billion laughs",
      '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><xml><a>&lol2;</a></xml>',
      "xml_doctype_forbidden",
    ],
    [
      "a lower-case doctype",
      "<!doctype xml><xml><a>1</a></xml>",
      "xml_doctype_forbidden",
    ],
    [
      "a DOCTYPE inside CDATA",
      "<xml><a><![CDATA[<!DOCTYPE x>]]></a></xml>",
      "xml_doctype_forbidden",
    ],
    [
      "an ENTITY after whitespace, inside a comment",
      "<xml><!-- <!  \nENTITY x 'y'> --><a>1</a></xml>",
      "xml_doctype_forbidden",
    ],
    [
      "an ATTLIST right after a comment opener",
      "<xml><!-<!attlist a b CDATA #IMPLIED><a>1</a></xml>",
      "xml_doctype_forbidden",
    ],
    ["an undeclared entity", "<xml><a>&lol;</a></xml>", "body_malformed"],
    [
      "an element repeated after the order broke",
      "<xml><b>1</b><a>2</a><c>3</c><b>4</b></xml>",
      "body_malformed",
    ],
    [
      "an empty element repeated after the order broke",
      "<xml><b/><a>1</a><b>2</b></xml>",
      "body_malformed",
    ],
    [
      "an element repeated as an empty one",
      "<xml><a>1</a><c>2</c><a/></xml>",
      "body_malformed",
    ],
    [
      "an element repeated in order",
      "<xml><a>1</a><b>2</b><b>3</b></xml>",
      "body_malformed",
    ],
    [
      "prototype",
      "<xml><a>1</a><prototype>1</prototype></xml>",
      "body_malformed",
    ],
    ["a nested element", "<xml><a><b>1</b></a></xml>", "body_malformed"],
    ["a repeated element", "<xml><a>1</a><a>2</a></xml>", "body_malformed"],
    ["__proto__", "<xml><__proto__>1</__proto__></xml>", "body_malformed"],
    [
      "constructor",
      "<xml><constructor>1</constructor></xml>",
      "body_malformed",
    ],
    ["an unclosed root", "<xml><a>1</a>", "body_malformed"],
    ["mismatched tags", "<xml><a>1</b></xml>", "body_malformed"],
    ["two roots", "<xml><a>1</a></xml><xml><a>2</a></xml>", "body_malformed"],
    ["another root name", "<root><a>1</a></root>", "body_malformed"],
    ["text in the root", "<xml>loose<a>1</a></xml>", "body_malformed"],
    ["trailing text", "<xml><a>1</a></xml>junk", "body_malformed"],
  ])("refuses %s", (_, xml, code) => {
    expect(errorOf(() => parseFlatXml(xml, "xml")).code).toBe(code);
  });

  it("does not pollute prototypes", () => {
    errorOf(() =>
      parseFlatXml(
        "<xml><__proto__><polluted>1</polluted></__proto__></xml>",
        "xml",
      ),
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("buildFlatXml", () => {
  it("wraps values in CDATA and cannot be closed early by ]]>", () => {
    const xml = buildFlatXml({ return_code: "FAIL", return_msg: "a]]><x>b" });
    expect(parseFlatXml(xml, "xml")).toEqual({
      return_code: "FAIL",
      return_msg: "a]]><x>b",
    });
  });
});

describe("XML through the notifier", () => {
  const notifier = createNotifier({
    mchId: "10000100",
    apiV2Key: "k".repeat(32),
  });
  let handlerCalls = 0;
  const handler = () => {
    handlerCalls++;
    return true as const;
  };

  it("answers a DOCTYPE with a v2 FAIL reply and never calls the handler", async () => {
    const reply = await notifier.handlePaid(
      {
        method: "POST",
        headers: { "content-type": "text/xml" },
        body: '<!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml><return_code>&x;</return_code></xml>',
      },
      handler,
    );
    expect(reply.status).toBe(400);
    expect(reply.body).toContain("<return_code><![CDATA[FAIL]]></return_code>");
    expect(reply.body).toContain("xml_doctype_forbidden");
    expect(handlerCalls).toBe(0);
  });
});

describe("parseFlatXml on random flat documents", () => {
  it("refuses exactly the documents that repeat a name, in any order and form", () => {
    let state = 7;
    const next = (n: number) => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return (state >>> 8) % n;
    };
    const names = ["a", "b", "c", "ab", "ba", "b_1", "中", "z"];
    for (let i = 0; i < 5000; i++) {
      const picked = Array.from(
        { length: 1 + next(6) },
        () => names[next(names.length)]!,
      );
      const expected: Record<string, string> = {};
      let xml = "<xml>";
      picked.forEach((name, index) => {
        const value = `v${index}`;
        const form = next(3);
        xml +=
          form === 0
            ? `<${name}/>`
            : form === 1
              ? `<${name}>${value}</${name}>`
              : `<${name}><![CDATA[${value}]]></${name}>`;
        expected[name] = form === 0 ? "" : value;
      });
      xml += "</xml>";
      if (new Set(picked).size < picked.length) {
        expect(errorOf(() => parseFlatXml(xml, "xml")).code, xml).toBe(
          "body_malformed",
        );
      } else {
        expect(parseFlatXml(xml, "xml"), xml).toEqual(expected);
      }
    }
  });
});
