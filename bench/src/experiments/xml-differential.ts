// Differential check of the proposed flat-XML scanner against the current
// fast-xml-parser implementation: same fields, or the same error code.
//   pnpm exec tsx src/experiments/xml-differential.ts
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { testMerchant } from "@wxnotify/testing";
import { makeCoreCopy } from "./core-copy.js";
import { PROPOSALS } from "./proposals.js";

type Parse = (text: string, root: "xml" | "root") => Record<string, string>;
async function parserOf(root: string): Promise<Parse> {
  const module = (await import(
    pathToFileURL(join(root, "src/_internal/xml.ts")).href
  )) as { parseFlatXml: Parse };
  return module.parseFlatXml;
}
const current = await parserOf(makeCoreCopy("xml-current", []));
const proposed = await parserOf(
  makeCoreCopy(
    "xml-proposed",
    PROPOSALS.find((p) => p.id === "flat-xml-scanner")!.patches,
  ),
);

const merchant = testMerchant();
const paid = merchant.v2.paid({ attach: "a&b <c> ]]" }).bodyText;
const cases: string[] = [
  paid,
  merchant.v2.paid({}, { plainText: ["total_fee", "out_trade_no"] }).bodyText,
  merchant.v2.refund({}).bodyText,
  `\uFEFF${paid}`,
  `<?xml version="1.0" encoding="UTF-8"?>\n${paid}\n`,
  paid.replace("<xml>", "<xml lang=\"zh\" a='>'>"),
  paid.replace("<appid>", "<!-- note --><appid>"),
  paid.replace("<appid>", "<?pi x?><appid>"),
  paid.replace("</appid>", "</appid >"),
  paid.replace("</appid>", "</appid\n>"),
  paid.replace("<appid>", "< appid>"),
  paid.replace("<appid>", "<1appid>").replace("</appid>", "</1appid>"),
  paid.replace("<appid>", "<app-id.x>").replace("</appid>", "</app-id.x>"),
  paid.replace("<appid>", "<应用>").replace("</appid>", "</应用>"),
  paid.replace("<appid>", "<APPID>"),
  paid.replace("<xml>", "<XML>").replace("</xml>", "</XML>"),
  "<xml/>",
  "<xml></xml>",
  "<xml> \n\t </xml>",
  "<xml><a/><b /><c></c></xml>",
  "<xml><a>x]]>y</a></xml>",
  "<xml><a><![CDATA[x]]y]]></a></xml>",
  "<xml><a><![CDATA[x<y>&z;]]></a></xml>",
  "<xml><a><![CDATA[unclosed</a></xml>",
  "<xml><a>&#0;</a></xml>",
  "<xml><a>&#x1F600;&#65;</a></xml>",
  "<xml><a>&#xD800;</a></xml>",
  "<xml><a>&amp</a></xml>",
  "<xml><a>1 & 2</a></xml>",
  "<xml><a>1<!-- c -->2</a></xml>",
  "<xml><a>1</a><!-- tail --></xml>",
  "<xml><a>1</a></xml><!-- after -->",
  "<xml><a>1</a></xml>\n\n",
  "<xml><a>1</a></xml>x",
  "x<xml><a>1</a></xml>",
  "",
  "   ",
  "<xml><a>1</a>",
  "<xml><a>1</xml>",
  "<xml><a>1</a></xmlx>",
  "<xml><a>1</a></xm>",
  "<xml><a b='1>2'>v</a></xml>",
  '<xml><a b="unclosed>v</a></xml>',
  "<xml><a>1</a><a>2</a></xml>",
  "<xml><toString>1</toString><hasOwnProperty>2</hasOwnProperty></xml>",
  "<xml><prototype>1</prototype></xml>",
  "<xml><a><b/></a></xml>",
  "<xml><![CDATA[x]]></xml>",
  "<xml>text</xml>",
  "<root><a>1</a></root>",
  "<xml><a>1</a></xml><xml/>",
  "<!-- lead --><xml><a>1</a></xml>",
  "<!DOCTYPE x><xml/>",
  "<xml><a><![CDATA[<!DOCTYPE x>]]></a></xml>",
  "<xml><a>\r\n value \r\n</a></xml>",
  "<xml><a><![CDATA[x\r\ny\rz]]></a></xml>",
  "<xml><a>x\ry</a></xml>",
  "<xml><a>x&#13;\ny</a></xml>",
  "<xml>\r\n<a>1</a>\r\n</xml>",
  "<xml />",
  '<xml a="1"/>',
  "<xml><a></b></a></xml>",
  "<xml><a>1</a ></xml >",
  "<xml\n><a\n>1</a></xml>",
  "<xml><a\tb='1'\t/></xml>",
];

const outcome = (parse: Parse, text: string): string => {
  try {
    return JSON.stringify(parse(text, "xml"));
  } catch (error) {
    return `error ${(error as { code?: string }).code ?? String(error)}`;
  }
};
let differences = 0;
for (const text of cases) {
  const a = outcome(current, text);
  const b = outcome(proposed, text);
  if (a !== b) {
    differences++;
    console.log(
      `DIFFERENT for ${JSON.stringify(text.slice(0, 80))}\n  current:  ${a.slice(0, 160)}\n  proposed: ${b.slice(0, 160)}`,
    );
  }
}
console.log(`${cases.length} documents, ${differences} different outcomes`);
