/**
 * The least a flat WeChat Pay XML document needs: `<root><k>v</k>…</root>`
 * into a map, CDATA or plain text, nothing else (no entity decoding, no DTD
 * check, no nesting check). The lower bound for any real parser, not one.
 */
export function extractFlatXml(xml: string): Record<string, string> {
  const fields: Record<string, string> = {};
  // Skip the root element's start tag.
  let at = xml.indexOf(">", xml.indexOf("<")) + 1;
  for (;;) {
    const open = xml.indexOf("<", at);
    if (open < 0 || xml.charCodeAt(open + 1) === 0x2f /* "/" */) break;
    const close = xml.indexOf(">", open);
    const name = xml.slice(open + 1, close);
    let value: string;
    if (xml.startsWith("<![CDATA[", close + 1)) {
      const end = xml.indexOf("]]>", close + 10);
      value = xml.slice(close + 10, end);
      at = end + 3;
    } else {
      const end = xml.indexOf("<", close + 1);
      value = xml.slice(close + 1, end);
      at = end;
    }
    at = xml.indexOf(">", at) + 1; // past </name>
    fields[name] = value;
  }
  return fields;
}
