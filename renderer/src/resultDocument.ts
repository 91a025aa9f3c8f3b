import type { DocNode } from './resultModel.js';
import type { Position } from './reader.js';

/** Attributes a document node may carry; anything else in the model is a bug, not something to copy to the page. */
const ALLOWED_ATTRS: ReadonlySet<string> = new Set(['id', 'tabindex', 'class', 'lang', 'scope', 'aria-label']);

/** Builds the elements of a result document. Text is set as text, never parsed as HTML: it comes from OCR and models. */
export function renderNodes(nodes: readonly DocNode[]): Node[] {
  return nodes.map((node) => {
    const element = document.createElement(node.tag);
    for (const [name, value] of Object.entries(node.attrs ?? {})) if (ALLOWED_ATTRS.has(name)) element.setAttribute(name, value);
    if (node.read) {
      element.dataset.block = String(node.read.block);
      if (node.read.line !== undefined) element.dataset.line = String(node.read.line);
    }
    if (node.text !== undefined) element.textContent = node.text;
    if (node.children) element.append(...renderNodes(node.children));
    return element;
  });
}

/** The element showing a reading position: the line itself, else the block. */
export function elementAt(root: Element, position: Position): Element | null {
  return (
    root.querySelector(`[data-block="${position.block}"][data-line="${position.line}"]`) ??
    root.querySelector(`[data-block="${position.block}"]`)
  );
}

/** The reading position an element (or its nearest marked ancestor) shows, for a click. */
export function positionOf(target: Element): Position | null {
  const marked = target.closest<HTMLElement>('[data-block]');
  if (!marked) return null;
  return { block: Number(marked.dataset.block), line: Number(marked.dataset.line ?? 0) };
}
