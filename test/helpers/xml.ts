/**
 * A strict reader of the XML the reporters write (elements, attributes, text, the XML
 * declaration; no DTD, CDATA or comments): it throws on anything not well-formed — an
 * unclosed or mismatched tag, an unquoted or repeated attribute, a raw `<` or a bare `&` —
 * and gives the element tree to assert on.
 */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  text: string;
}

const NAME = '[A-Za-z_][\\w.-]*';
const ENTITY = /&(?:amp|lt|gt|quot|apos|#\d+|#x[\da-fA-F]+);/g;
const TOKEN = new RegExp(`<\\?xml[^?]*\\?>|<(/?)(${NAME})((?:\\s+${NAME}="[^"<]*")*)\\s*(/?)>|([^<]+)|(<)`, 'y');

function unescapeXml(text: string, where: string): string {
  if (/&/.test(text.replace(ENTITY, ''))) throw new Error(`a bare & in ${where}`);
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(x?)([\da-fA-F]+);/g, (_, hex: string, code: string) =>
      String.fromCodePoint(Number.parseInt(code, hex === 'x' ? 16 : 10)),
    )
    .replace(/&amp;/g, '&');
}

/** The root element of `xml`; throws where it is not well-formed. */
export function parseXml(xml: string): XmlElement {
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const open: XmlElement[] = [root];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < xml.length) {
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(xml);
    if (match === null || match[6] !== undefined)
      throw new Error(`not well-formed at offset ${at}: ${xml.slice(at, at + 60)}`);
    const [whole, closing, name, attributeText, selfClosing, text] = match;
    const parent = open.at(-1) as XmlElement;
    if (whole.startsWith('<?xml')) {
      if (at !== 0) throw new Error('the XML declaration is not first');
    } else if (text !== undefined) {
      if (parent === root && text.trim() !== '') throw new Error(`text outside the root element: ${text.trim()}`);
      parent.text += unescapeXml(text, `the text of <${parent.name}>`);
    } else if (closing === '/') {
      if (parent.name !== name) throw new Error(`</${name}> closes <${parent.name}>`);
      open.pop();
    } else {
      const attributes: Record<string, string> = {};
      for (const [, key, value] of (attributeText ?? '').matchAll(new RegExp(`(${NAME})="([^"]*)"`, 'g'))) {
        if (key === undefined || Object.hasOwn(attributes, key)) throw new Error(`attribute ${key} twice on <${name}>`);
        attributes[key] = unescapeXml(value ?? '', `${name}@${key}`);
      }
      const element: XmlElement = { name: name as string, attributes, children: [], text: '' };
      if (parent === root && root.children.length > 0) throw new Error('more than one root element');
      parent.children.push(element);
      if (selfClosing !== '/') open.push(element);
    }
  }
  if (open.length > 1) throw new Error(`<${open.at(-1)?.name}> is never closed`);
  const [document] = root.children;
  if (document === undefined) throw new Error('no root element');
  return document;
}

/** Every element named `name` below `element`, depth first. */
export function elements(element: XmlElement, name: string): XmlElement[] {
  return element.children.flatMap((child) => [...(child.name === name ? [child] : []), ...elements(child, name)]);
}
