// A small non-validating XML well-formedness check for the kit's reports:
// one root element, every tag closed in order, attributes quoted and unique,
// only the five predefined entities and character references, no stray
// '<' or '&'. Enough to catch every escaping mistake a reporter can make.

const NAME = /^[A-Za-z_:][\w.:-]*/;

/** Throws an Error saying where the document stops being well-formed. */
export function assertWellFormedXml(doc: string): void {
  let i = 0;
  const stack: string[] = [];
  let roots = 0;
  const fail = (why: string): never => {
    throw new Error(`not well-formed at offset ${i}: ${why} near ${JSON.stringify(doc.slice(Math.max(0, i - 30), i + 30))}`);
  };
  const checkText = (text: string) => {
    for (const m of text.matchAll(/&([^;]*);?/g)) {
      if (!m[0].endsWith(";") || !/^(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+)$/.test(m[1]!)) fail(`bad entity ${m[0]}`);
    }
    if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(text)) fail("control character");
  };
  if (doc.startsWith("<?xml")) {
    i = doc.indexOf("?>") + 2;
    if (i < 2) fail("unterminated XML declaration");
  }
  while (i < doc.length) {
    const lt = doc.indexOf("<", i);
    const text = doc.slice(i, lt === -1 ? doc.length : lt);
    checkText(text);
    if (stack.length === 0 && text.trim() !== "") fail("text outside the root element");
    if (lt === -1) break;
    i = lt;
    if (doc.startsWith("<!--", i)) {
      const end = doc.indexOf("-->", i);
      if (end === -1) fail("unterminated comment");
      i = end + 3;
    } else if (doc.startsWith("<!DOCTYPE", i)) {
      if (roots > 0 || stack.length > 0) fail("DOCTYPE after the root");
      const end = doc.indexOf(">", i);
      i = end + 1;
    } else if (doc.startsWith("</", i)) {
      const name = NAME.exec(doc.slice(i + 2))?.[0] ?? fail("bad end tag");
      const end = doc.indexOf(">", i);
      if (doc.slice(i + 2 + name.length, end).trim() !== "") fail("junk in end tag");
      if (stack.pop() !== name) fail(`</${name}> does not close the open element`);
      i = end + 1;
    } else {
      const name = NAME.exec(doc.slice(i + 1))?.[0] ?? fail("bad tag name");
      i += 1 + name.length;
      const seen = new Set<string>();
      for (;;) {
        const ws = /^\s*/.exec(doc.slice(i))![0];
        i += ws.length;
        if (doc.startsWith("/>", i)) {
          i += 2;
          if (stack.length === 0) roots++;
          break;
        }
        if (doc[i] === ">") {
          i += 1;
          if (stack.length === 0) roots++;
          stack.push(name);
          break;
        }
        if (ws === "") fail("attributes must be separated by space");
        const attr = NAME.exec(doc.slice(i))?.[0] ?? fail("bad attribute name");
        if (seen.has(attr)) fail(`duplicate attribute ${attr}`);
        seen.add(attr);
        i += attr.length;
        const m = /^\s*=\s*("([^"<]*)"|'([^'<]*)')/.exec(doc.slice(i)) ?? fail(`attribute ${attr} is not quoted`);
        checkText(m[2] ?? m[3] ?? "");
        i += m[0].length;
      }
    }
    if (roots > 1) fail("more than one root element");
  }
  if (stack.length > 0) fail(`unclosed <${stack.at(-1)}>`);
  if (roots !== 1) fail("no root element");
}
