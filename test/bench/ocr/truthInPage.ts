/**
 * Runs inside the rendered page (kept as source text: this project compiles without DOM types). Returns the
 * visible text as blocks in DOM order, each with its kind, box (CSS px, viewport) and pane; blocks cut by the
 * viewport or by a clipping ancestor are hidden first (visibility: hidden), so every visible word is in the truth
 * and no truth block is half on screen.
 *
 * A block is a run of inline content between block-level boundaries: a paragraph, a heading, a list item's own
 * text, a table row (cells joined by the separator; a row whose cells hold blocks is layout, and its cells are
 * walked instead), a control's label (a button is a block of its own, even inline). A CSS grid of two or more columns
 * that is not a list (javadoc's member summaries) is a table too: its items, in row-major order, make the rows. Blocks
 * inside a tall, narrow navigation or aside region (or one a fifth of the window tall that names itself a sidebar,
 * table of contents or navigation) belong to a sidebar pane (pane > 0); everything else to the main pane (0).
 */
export const TRUTH_IN_PAGE = `(separator) => {
  const vw = window.innerWidth, vh = window.innerHeight;
  const fold = (s) => s.replace(/\\s+/g, ' ').trim();
  const SKIP = new Set(['STYLE', 'SCRIPT', 'TITLE', 'NOSCRIPT', 'TEMPLATE', 'HEAD', 'svg', 'IMG', 'VIDEO', 'CANVAS', 'IFRAME', 'OBJECT', 'SELECT', 'TEXTAREA']);
  const HEADINGS = new Set(['H1', 'H2', 'H3', 'H4', 'H5', 'H6']);
  const CONTROLS = new Set(['BUTTON', 'LABEL']);
  const styleOf = (el) => getComputedStyle(el);
  const hidden = (el) => { const s = styleOf(el); return s.display === 'none' || s.visibility === 'hidden' || s.visibility === 'collapse' || Number(s.opacity) === 0; };
  const inlineCache = new Map();
  const isInline = (el) => {
    if (inlineCache.has(el)) return inlineCache.get(el);
    const d = styleOf(el).display;
    let r = el.tagName === 'BR' || ((d === 'inline' || d === 'inline-block' || d === 'inline-flex' || d === 'contents') && [...el.children].every((c) => hidden(c) || isInline(c)));
    if (el.tagName === 'IMG' || el.tagName === 'svg') r = true;
    inlineCache.set(el, r);
    return r;
  };
  const sidebarOf = new Map();
  const paneOf = (el) => {
    for (let a = el; a && a !== document.body; a = a.parentElement) {
      if (sidebarOf.has(a)) return sidebarOf.get(a);
      const tag = a.tagName, role = a.getAttribute('role') || '', cls = (a.className && a.className.baseVal === undefined ? a.className : '') + ' ' + a.id;
      const g = a.getBoundingClientRect();
      const gH = Math.min(vh, g.bottom) - Math.max(0, g.top);
      if (g.width <= 0.3 * vw && g.width >= 0.08 * vw && gH >= 0.4 * vh && (g.left < 0.15 * vw || g.right > 0.85 * vw) && !isInline(a)) {
        const id = new Set(sidebarOf.values()).size + 1; sidebarOf.set(a, id); return id;
      }
      // Class names as whole words: Sphinx's body lists are "toctree-wrapper", not a table of contents beside the body.
      if (tag === 'NAV' || tag === 'ASIDE' || role === 'navigation' || role === 'complementary' || /(^|[\\s_-])(sidebar|sphinxsidebar|toc|quickview|related|navigation|menu)($|[\\s_-])/i.test(cls)) {
        const r = a.getBoundingClientRect();
        const visH = Math.min(vh, r.bottom) - Math.max(0, r.top);
        if (r.width <= 0.42 * vw && visH >= 0.2 * vh) { const id = new Set(sidebarOf.values()).size + 1; sidebarOf.set(a, id); return id; }
      }
    }
    return 0;
  };
  const clipOf = (el) => {
    let x0 = 0, y0 = 0, x1 = vw, y1 = vh;
    for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
      const s = styleOf(a);
      if (s.overflowX !== 'visible' || s.overflowY !== 'visible') {
        const r = a.getBoundingClientRect();
        x0 = Math.max(x0, r.left); y0 = Math.max(y0, r.top); x1 = Math.min(x1, r.right); y1 = Math.min(y1, r.bottom);
      }
    }
    return [x0, y0, x1, y1];
  };
  // Text inside pictures (logos, a broken image's alt text) has no truth: pictures are hidden, keeping the layout.
  for (const img of document.querySelectorAll('img, object, canvas, video, input[type=image]')) img.style.visibility = 'hidden';
  const blocks = [];
  const kindOf = (el, pane) => {
    for (let a = el; a && a !== document.body; a = a.parentElement) {
      if (HEADINGS.has(a.tagName) || a.getAttribute('role') === 'heading') return 'heading';
      if (CONTROLS.has(a.tagName) || a.getAttribute('role') === 'button') return 'control';
      if (a.tagName === 'LI' || a.tagName === 'DT') return pane > 0 ? 'sidebar-item' : 'list-item';
      if (!isInline(a)) break;
    }
    return pane > 0 ? 'sidebar-item' : 'paragraph';
  };
  // cells: a grid table's row (the grid is el): the box is the cells' union, and a row cut by the clip hides its cells.
  const place = (el, nodes, text, kind, cells) => {
    if (!text) return;
    let rect;
    if (nodes) { const range = document.createRange(); range.setStartBefore(nodes[0]); range.setEndAfter(nodes[nodes.length - 1]); rect = range.getBoundingClientRect(); }
    else if (cells) {
      const rs = cells.map((c) => c.getBoundingClientRect());
      const left = Math.min(...rs.map((r) => r.left)), top = Math.min(...rs.map((r) => r.top));
      rect = { left, top, right: Math.max(...rs.map((r) => r.right)), bottom: Math.max(...rs.map((r) => r.bottom)) };
      rect.width = rect.right - left; rect.height = rect.bottom - top;
    }
    else rect = el.getBoundingClientRect();
    if (rect.width < 3 || rect.height < 3) return;
    const [cx0, cy0, cx1, cy1] = clipOf(cells ? cells[0] : el);
    const inside = rect.left >= cx0 - 1 && rect.top >= cy0 - 1 && rect.right <= cx1 + 1 && rect.bottom <= cy1 + 1;
    const touches = rect.right > cx0 && rect.left < cx1 && rect.bottom > cy0 && rect.top < cy1;
    if (!inside) {
      if (touches) {
        if (nodes) { const span = document.createElement('span'); nodes[0].parentNode.insertBefore(span, nodes[0]); for (const n of nodes) span.appendChild(n); span.style.visibility = 'hidden'; }
        else if (cells) for (const c of cells) c.style.visibility = 'hidden';
        else el.style.visibility = 'hidden';
      }
      return;
    }
    const pane = paneOf(el);
    blocks.push({ kind: kind || kindOf(el, pane), text, box: [rect.left, rect.top, rect.width, rect.height], pane });
  };
  // Layout tables (a whole page, a menu in a table) hold lists, tables, headings, several blocks or screen-tall cells;
  // a data cell holds inline text or one paragraph.
  const layoutCell = (c) => c.querySelector('table, ul, ol, dl, pre, h1, h2, h3, h4, h5, h6, blockquote') || c.querySelectorAll('p, div').length > 1 || c.getBoundingClientRect().height > 0.5 * vh;
  // A grid table's rows: its items in row-major order, a new row where an item does not stand right of the one before.
  // Null where el is no such grid: lists laid out as grids (definition lists as field lists) stay lists.
  const gridRows = (el) => {
    const s = styleOf(el);
    if ((s.display !== 'grid' && s.display !== 'inline-grid') || !s.gridAutoFlow.startsWith('row') || /^(DL|UL|OL|MENU)$/.test(el.tagName)) return null;
    if (s.gridTemplateColumns.replace(/\\[[^\\]]*\\]/g, ' ').trim().split(/\\s+/).length < 2) return null;
    if ([...el.childNodes].some((n) => n.nodeType === 3 && n.data.trim())) return null;
    const items = [...el.children].filter((c) => !hidden(c) && !SKIP.has(c.tagName) && !/^(absolute|fixed)$/.test(styleOf(c).position));
    if (items.some((c) => /^(LI|DT|DD)$/.test(c.tagName))) return null;
    const rows = [];
    let prev = null;
    for (const c of items) {
      const left = c.getBoundingClientRect().left;
      if (prev === null || left <= prev + 1) rows.push([]);
      rows[rows.length - 1].push(c);
      prev = left;
    }
    return rows.length >= 2 && rows.length < items.length ? rows : null;
  };
  const walk = (el) => {
    if (el.tagName === 'svg' && !hidden(el)) { for (const t of el.querySelectorAll('text')) place(t, null, fold(t.textContent || ''), 'paragraph'); return; }
    if (SKIP.has(el.tagName) || hidden(el)) return;
    if (el.tagName === 'INPUT') {
      const t = (el.type === 'submit' || el.type === 'button' || el.type === 'reset') ? el.value : '';
      if (t) place(el, null, fold(t), 'control');
      return;
    }
    if (el.tagName === 'TR') {
      const cells = [...el.children].filter((c) => !hidden(c));
      if (!cells.some(layoutCell)) {
        const texts = cells.map((c) => fold(c.innerText || '')).filter(Boolean);
        if (texts.length) place(el, null, texts.join(separator), 'table-row');
        return;
      }
    }
    const rows = gridRows(el);
    if (rows) {
      for (const cells of rows) {
        if (cells.some(layoutCell)) { for (const c of cells) walk(c); continue; }
        const texts = cells.map((c) => fold(c.innerText || '')).filter(Boolean);
        if (texts.length) place(el, null, texts.join(separator), 'table-row', cells);
      }
      for (const c of el.children) if (!rows.some((r) => r.includes(c))) walk(c);
      return;
    }
    let run = [];
    const flush = () => {
      if (run.length === 0) return;
      const whole = run.length === el.childNodes.length;
      const text = whole ? fold(el.innerText || '') : fold(run.map((n) => n.nodeType === 3 ? n.data : (n.innerText || '')).join(''));
      place(el, whole ? null : run, text);
      run = [];
    };
    for (const n of [...el.childNodes]) {
      if (n.nodeType === 3) { run.push(n); continue; }
      if (n.nodeType !== 1) continue;
      const control = n.tagName === 'BUTTON' || n.getAttribute('role') === 'button';
      if (isInline(n) && !SKIP.has(n.tagName) && !control || n.tagName === 'IMG') { if (!hidden(n)) run.push(n); continue; }
      flush();
      walk(n);
    }
    flush();
  };
  walk(document.body);
  return blocks;
}`;
