/**
 * The few DOM helpers the panel is built with: plain elements, no framework (the panel must
 * stay small: issue 19's 30 KiB gzip) and no HTML strings (text is always text, never
 * markup: a ticket's field cannot inject anything into the page).
 */

type Child = Node | string | number | null | undefined | false;
type Attributes = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;

/**
 * An element with attributes (`on<event>` keys are listeners; a boolean `aria-*` is written
 * `"true"`/`"false"`, any other `true` as a bare attribute, `false` and `undefined` left out)
 * and children.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    // ARIA states are the words "true" and "false", never a bare attribute
    else if (typeof value === 'boolean' && name.startsWith('aria-')) element.setAttribute(name, String(value));
    else if (value === true) element.setAttribute(name, '');
    else if (value !== undefined && value !== false) element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/** Replaces every child of `parent`. */
export function replace(parent: Node, ...children: Child[]): void {
  while (parent.firstChild !== null) parent.removeChild(parent.firstChild);
  append(parent, children);
}

/** A labelled control: `<label>text <control></label>` (the label names the control for assistive technology). */
export const field = (text: string, control: HTMLElement): HTMLLabelElement =>
  h('label', { class: 'field' }, h('span', {}, text), control);

/** Saves `text` as a file the user downloads (a `blob:` link: no request, nothing embedded). */
export function download(name: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = h('a', { href: url, download: name, hidden: true });
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Pretty JSON of any value, for a `<pre>`. */
export const pretty = (value: unknown): string => JSON.stringify(value, null, 2) ?? String(value);
