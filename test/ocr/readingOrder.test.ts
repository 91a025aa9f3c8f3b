import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_READING_ORDER, readingLayout, readingOrder, type OrderedLine } from '../../electron/core/ocr/readingOrder';
import type { Box } from '../../electron/core/ocr/types';

/** A synthetic text run: label, box. Text height 20 px unless given. */
interface Run { readonly label: string; readonly box: Box }
const run = (label: string, x: number, y: number, w: number, h = 20): Run => ({ label, box: [x, y, w, h] });

function read(runs: readonly Run[], hasDivider?: (x0: number, x1: number, y0: number, y1: number) => boolean): { lines: string[]; order: OrderedLine[] } {
  const order = readingOrder(runs.map((r) => r.box), { ...DEFAULT_READING_ORDER, hasDivider });
  const lines = order.map((l) => l.cells.map((cell) => cell.map((i) => runs[i]!.label).join(' ')).join(l.tableRow ? ' | ' : ' '));
  return { lines, order };
}

/** A pane divider drawn at x = at (what the image check would report). */
const dividerAt = (at: number) => (x0: number, x1: number) => x0 < at && at < x1;

test('a sidebar beside a content column is read first, top to bottom, even when their lines interleave in y', () => {
  const sidebar = ['Inbox', 'Starred', 'Sent', 'Drafts', 'Archive', 'Spam'].map((s, k) => run(s, 20, 60 + k * 36, 90));
  const content = Array.from({ length: 10 }, (_, k) => run(`Paragraph line ${k + 1}`, 260, 64 + k * 26, 600));
  const { lines, order } = read([...content, ...sidebar]);
  assert.deepEqual(lines, [...sidebar.map((r) => r.label), ...content.map((r) => r.label)]);
  assert.notEqual(order[0]!.block, order[order.length - 1]!.block, 'sidebar and content are different blocks');
});

test('three panes under a full-width title bar: the bar first, then each pane in turn', () => {
  const bar = [run('Mail', 20, 10, 60), run('Search mail', 1700, 10, 120)];
  const folders = ['Inbox', 'Sent', 'Trash'].map((s, k) => run(s, 20, 80 + k * 34, 80));
  const list = ['Maria Lopez', 'Quarterly report', 'GitHub', 'Pull request merged'].map((s, k) => run(s, 260, 80 + k * 24, 250));
  const reading = ['Quarterly report draft', 'Hi all, here is the draft', 'Thanks, Maria'].map((s, k) => run(s, 700, 82 + k * 30, 700));
  const divider = (x0: number, x1: number) => (x0 < 230 && 230 < x1) || (x0 < 650 && 650 < x1);
  const { lines } = read([...reading, ...list, ...bar, ...folders], divider);
  assert.deepEqual(lines, ['Mail', 'Search mail', ...folders.map((r) => r.label), ...list.map((r) => r.label), ...reading.map((r) => r.label)]);
});

test('a table keeps each row as one line, cells left to right, even beside a sidebar', () => {
  const sidebar = ['Home', 'Desktop', 'Documents', 'Music'].map((s, k) => run(s, 12, 50 + k * 30, 80));
  const rows = [['Name', 'Size', 'Modified'], ['budget.ods', '48 KB', '12 Mar 2024'], ['notes.md', '6 KB', '9 May 2024'], ['photo.zip', '1.8 GB', '1 Jan 2024']];
  const cols = [220, 400, 500];
  const table = rows.flatMap((cells, r) => cells.map((c, k) => run(c, cols[k]!, 50 + r * 30, 70)));
  const { lines, order } = read([...table].reverse().concat(sidebar), dividerAt(200));
  assert.deepEqual(lines, [...sidebar.map((r) => r.label), ...rows.map((cells) => cells.join(' | '))]);
  assert.ok(order.slice(sidebar.length).every((l) => l.tableRow));
});

test('aligned label/value rows without a divider are a table; the same rows split by a pane divider are two panes', () => {
  const runs = ['Theme', 'Language', 'Font size'].flatMap((label, k) => [run(label, 40, 40 + k * 40, 120), run(['Dark', 'English', 'Large'][k]!, 400, 40 + k * 40, 60)]);
  assert.deepEqual(read(runs).lines, ['Theme | Dark', 'Language | English', 'Font size | Large']);
  assert.deepEqual(read(runs, dividerAt(300)).lines, ['Theme', 'Language', 'Font size', 'Dark', 'English', 'Large']);
});

test('a caption above a table is read before it and never becomes a row', () => {
  const runs = [run('Recent orders', 20, 10, 140),
    ...[['Order', 'Customer', 'Total'], ['#1', 'Ana Pereira', '$129.00'], ['#2', 'Kenji Sato', '$58.40']]
      .flatMap((cells, r) => cells.map((c, k) => run(c, [20, 140, 340][k]!, 50 + r * 34, 80)))];
  assert.deepEqual(read(runs).lines, ['Recent orders', 'Order | Customer | Total', '#1 | Ana Pereira | $129.00', '#2 | Kenji Sato | $58.40']);
});

test('times at the right edge of a message list are read with their row, not as a column after the list', () => {
  const runs = [
    run('Maria Lopez', 20, 10, 100), run('10:42', 300, 12, 40, 16), run('Quarterly report', 20, 34, 150), run('Here is the first draft', 20, 58, 200),
    run('GitHub', 20, 100, 60), run('09:15', 300, 102, 40, 16), run('Your pull request', 20, 124, 150), run('The branch was merged', 20, 148, 200),
  ];
  assert.deepEqual(read(runs).lines, ['Maria Lopez', '10:42', 'Quarterly report', 'Here is the first draft', 'GitHub', '09:15', 'Your pull request', 'The branch was merged']);
});

test('cards side by side are read card by card (a label over a big number is not a table row)', () => {
  const runs = ['Revenue', 'Orders', 'Visitors'].flatMap((label, k) => [run(label, 20 + k * 260, 20, 100, 18), run(['$48,210', '1,284', '62%'][k]!, 20 + k * 260, 44, 110, 36)]);
  assert.deepEqual(read(runs).lines, ['Revenue', '$48,210', 'Orders', '1,284', 'Visitors', '62%']);
});

test('a table caption under a row of cards is read after every card, right before its table', () => {
  // The geometry of the dashboard corpus page, where the caption used to end the first card's column.
  const cards = [
    run('Revenue this month', 272, 88, 124), run('New orders', 566, 87, 76), run('Returning customers', 860, 87, 130),
    run('$48,210', 270, 110, 120, 38), run('1,284', 564, 111, 88, 37), run('62%', 859, 110, 72, 36),
  ];
  const cells = [['Order', 'Customer', 'Status', 'Total'], ['#10482', 'Ana Pereira', 'Shipped', '$129.00'], ['#10481', 'Kenji Sato', 'Processing', '$58.40'], ['#10480', 'Olga Ivanova', 'Delivered', '$342.15']];
  const table = cells.flatMap((row, r) => row.map((c, k) => run(c, [270, 362, 497, 612][k]!, 224 + r * 37, [58, 90, 75, 62][k]!)));
  const rows = cells.map((row) => row.join(' | '));
  const cardLines = ['Revenue this month', '$48,210', 'New orders', '1,284', 'Returning customers', '62%'];
  // 38 px below the cards, 15 px above the table: it labels the table.
  assert.deepEqual(read([...cards, run('Recent orders', 253, 186, 116, 23), ...table]).lines, [...cardLines, 'Recent orders', ...rows]);
  // Evenly spaced between them, the same line is read as the first card's last line.
  const even = read([...cards, run('Recent orders', 253, 173, 116, 23), ...table]).lines;
  assert.deepEqual(even.slice(0, 3), ['Revenue this month', '$48,210', 'Recent orders']);
});

test('fragments of one line with a word-sized gap join into one line; a column-sized gap does not', () => {
  assert.deepEqual(read([run('Settings', 20, 10, 80), run('> Privacy', 106, 10, 90)]).lines, ['Settings > Privacy']);
  assert.deepEqual(read([run('File', 20, 10, 40), run('Edit', 120, 10, 40), run('View', 220, 10, 40)]).lines, ['File', 'Edit', 'View']);
});

test('every box appears exactly once, and the order is deterministic', () => {
  const runs: Run[] = [];
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let k = 0; k < 120; k++) runs.push(run(`w${k}`, Math.floor(rand() * 1800), Math.floor(rand() * 1000), 30 + Math.floor(rand() * 200), 14 + Math.floor(rand() * 20)));
  const a = readingOrder(runs.map((r) => r.box));
  const b = readingOrder(runs.map((r) => r.box));
  assert.deepEqual(a, b);
  const seen = a.flatMap((l) => l.cells.flat()).sort((x, y) => x - y);
  assert.deepEqual(seen, runs.map((_, i) => i));
  assert.deepEqual(readingOrder([]), []);
});

test('a pane edge from the pixels keeps a right sidebar whole, even when body lines run up close to it', () => {
  // Body lines end 12 px before the sidebar's items (less than a column gap): without the edge they are joined.
  const body = Array.from({ length: 8 }, (_, k) => run(`Body line ${k + 1} of the directive text`, 40, 120 + k * 22, 1100));
  const side = ['Directives', 'AcceptFilter', 'AcceptPathInfo', 'AccessFileName', 'AddDefaultCharset', 'AllowOverride', 'CGIVar'].map((s, k) => run(s, 1152, 118 + k * 17, 140, 16));
  const title = run('Apache HTTP Server Version 2.4', 600, 40, 300);
  const runs = [title, ...body, ...side];
  const edge = { x: 1145, y0: 110, y1: 760, kind: 'background' as const };
  const order = readingOrder(runs.map((r) => r.box), { ...DEFAULT_READING_ORDER, paneDividers: [edge] });
  const lines = order.map((l) => l.cells.map((c) => c.map((i) => runs[i]!.label).join(' ')).join(' | '));
  assert.deepEqual(lines, [title.label, ...body.map((r) => r.label), ...side.map((r) => r.label)]);
  const { panes, lines: laid } = readingLayout(runs.map((r) => r.box), { ...DEFAULT_READING_ORDER, paneDividers: [edge] }, [0, 0, 1366, 768]);
  assert.equal(panes.length, 2);
  assert.equal(panes[1]!.kind, 'sidebar');
  assert.ok(laid.slice(-side.length).every((l) => l.pane === 1) && laid.slice(0, -side.length).every((l) => l.pane === 0));
  // Without the edge (and the white-space gutter rule) the same boxes interleave: the test would catch a split that
  // stopped happening.
  const plain = readingOrder(runs.map((r) => r.box), { ...DEFAULT_READING_ORDER, rules: { gutters: false } }).map((l) => l.cells.map((c) => c.map((i) => runs[i]!.label).join(' ')).join(' | '));
  assert.notDeepEqual(plain, lines);
});

test('panels with their own background are never one table, however well their rows line up', () => {
  const left = ['Artists', 'Albums', 'Songs', 'Playlists'].map((s, k) => run(s, 20, 60 + k * 30, 90));
  const mid = ['1. Harbor Lights - Elena Park', '2. North Road - The Fieldnotes', '3. South Bay - Elena Park', '4. Low Tide - Moss'].map((s, k) => run(s, 260, 60 + k * 30, 300));
  const right = ['Now playing', 'Harbor Lights', 'Elena Park', '3:41'].map((s, k) => run(s, 700, 60 + k * 30, 140));
  const runs = [...left, ...mid, ...right];
  assert.ok(read(runs).lines.some((l) => l.includes(' | ')), 'without edges the aligned panels pass for a table');
  const edges = [{ x: 230, y0: 40, y1: 400, kind: 'background' as const }, { x: 650, y0: 40, y1: 400, kind: 'background' as const }];
  const order = readingOrder(runs.map((r) => r.box), { ...DEFAULT_READING_ORDER, paneDividers: edges });
  const lines = order.map((l) => l.cells.map((c) => c.map((i) => runs[i]!.label).join(' ')).join(' | '));
  assert.deepEqual(lines, [...left, ...mid, ...right].map((r) => r.label));
  assert.ok(order.every((l) => !l.tableRow));
});

test('a table whose cells wrap onto several lines is read row by row, each wrapped cell whole', () => {
  // Key column at x 40, description column at x 240; descriptions wrap at 18 px line pitch, rows 12 px apart.
  const rows: Array<[string, string[]]> = [
    ['%a', ['Client IP address of the request.']],
    ['%h', ['Remote hostname. Will log the IP address', 'if HostnameLookups is set to Off.']],
    ['%k', ['Number of keepalive requests handled', 'on this connection, so that a 1 means', 'the first keepalive request.']],
    ['%f', ['Filename.']],
  ];
  const runs: Run[] = [];
  let y = 100;
  for (const [key, desc] of rows) {
    runs.push(run(key, 40, y, 30, 16));
    desc.forEach((d, k) => runs.push(run(d, 240, y + k * 18, 420, 16)));
    y += desc.length * 18 + 12;
  }
  const { lines, order } = read([...runs].reverse());
  assert.deepEqual(lines, rows.map(([key, desc]) => `${key} | ${desc.join(' ')}`));
  assert.ok(order.every((l) => l.tableRow));
});

test('body text beside a sidebar without an edge is not taken for a table with wrapped cells', () => {
  // Sidebar items every 36 px, body lines every 18 px: each item sits on a body line, as a wrapped row would.
  const side = ['Home', 'Install', 'Usage', 'Options', 'FAQ'].map((s, k) => run(s, 20, 100 + k * 36, 80, 16));
  const body = Array.from({ length: 10 }, (_, k) => run(`running text line ${k + 1} of a long paragraph`, 240, 100 + k * 18, 600, 16));
  const { lines } = read([...body, ...side]);
  assert.deepEqual(lines, [...side, ...body].map((r) => r.label));
});

test('a menu whose lines sit half a line off the body text beside it stays a column of its own', () => {
  // Detector boxes are taller than the line pitch (28 px boxes every 22 px), and the two columns are offset by 7 px:
  // bands must not chain rows together, and the rows must not pass for a table's.
  const menu = ['Home', 'Introduction', 'Documentation', 'Downloads', 'FAQ', 'News', 'DocBook', 'Contributions'].map((s, k) => run(s, 60, 342 + k * 22.5, 120, 28));
  const body = ['Basics', 'Keep it simple stupid', 'The libxml nodes', 'The XSLT processing steps', 'The processing itself', 'XPath interpretation', 'XPath functions', 'Extension support'].map((s, k) => run(s, 316, 335 + k * 22.5, 260, 28));
  const title = run('The XSLT C library for GNOME', 864, 80, 590, 47);
  const wide = run('Note: this documentation is by definition incomplete, so patches are welcome.', 264, 560, 1250, 33);
  // No drawn dividers (the page in forced colours): the columns come from the text alone.
  const { lines, order } = read([wide, ...body, title, ...menu], () => false);
  assert.deepEqual(lines, [title, ...menu, ...body, wide].map((r) => r.label));
  assert.ok(order.every((l) => !l.tableRow));
});

test('body text that runs on below a right sidebar is read with the body, before the sidebar, not cut at its foot', () => {
  // The sidebar's background edge ends at y 360; the paragraph beside it goes on below that.
  const body = Array.from({ length: 12 }, (_, k) => run(`Body line ${k + 1} of the module summary`, 40, 100 + k * 26, 1000));
  const side = ['Topics', 'Directives', 'AddAlt', 'AddIcon', 'IndexOptions', 'ReadmeName', 'Bugfix checklist'].map((s, k) => run(s, 1100, 100 + k * 28, 150));
  const footer = run('Copyright 2024 The Apache Software Foundation', 40, 480, 1300);
  const runs = [...side, footer, ...body];
  const edge = { x: 1090, y0: 90, y1: 360, kind: 'background' as const };
  const options = { ...DEFAULT_READING_ORDER, paneDividers: [edge] };
  const lines = (rules?: { bodyContinues: boolean }) =>
    readingOrder(runs.map((r) => r.box), { ...options, ...(rules ? { rules } : {}) }).map((l) => l.cells.map((c) => c.map((i) => runs[i]!.label).join(' ')).join(' | '));
  assert.deepEqual(lines(), [...body.map((r) => r.label), ...side.map((r) => r.label), footer.label]);
  // Without the rule the body is cut where the sidebar's edge ends: the test would catch the rule going missing.
  assert.notDeepEqual(lines({ bodyContinues: false }), lines());
});

test('a menu set close to the body (a white-space gutter narrower than a column gap) is read whole, not line by line with the body', () => {
  // Menu items end 14 px before the body's left edge: less than a column gap (1.1 text heights), but no line crosses.
  // The body is set at a wider line pitch than the menu (lines that share their rows would be a table's columns).
  const menu = ['Home', 'Introduction', 'Documentation', 'Reporting bugs and', 'getting help', 'Downloads', 'FAQ', 'News', 'ChangeLog'].map((s, k) => run(s, 20, 200 + k * 22, 226));
  const body = ['Introduction', 'This document describes the processing of libxslt, the XSLT C library', 'developed for the GNOME project. Note: this documentation is by definition', 'incomplete and I am not good at spelling, grammar, so patches and', 'suggestions are really welcome.', 'Basics', 'XSLT is a transformation language. It takes an input document and a', 'stylesheet document and generates an output document.'].map((s, k) => run(s, 260, 205 + k * 33, k === 0 || k === 5 ? 120 : 900));
  const title = run('The XSLT C library for GNOME', 700, 150, 500);
  const runs = [title, ...body, ...menu];
  const lines = (rules?: { gutters: boolean }) =>
    readingOrder(runs.map((r) => r.box), { ...DEFAULT_READING_ORDER, ...(rules ? { rules } : {}) }).map((l) => l.cells.map((c) => c.map((i) => runs[i]!.label).join(' ')).join(' | '));
  assert.deepEqual(lines(), [title.label, ...menu.map((r) => r.label), ...body.map((r) => r.label)]);
  assert.notDeepEqual(lines({ gutters: false }), lines());
});

test('a label column beside its values across a narrow gutter is still read row by row (rows share their lines)', () => {
  const labels = ['Download', 'Extract', 'Configure', 'Compile', 'Install', 'Test'];
  const values = ['Get the latest release', '$ gzip -d httpd-NN.tar.gz', '$ ./configure --prefix=PREFIX', '$ make', '$ make install', '$ PREFIX/bin/apachectl -k start'];
  const runs = labels.flatMap((l, k) => [run(l, 40, 100 + k * 30, 110), run(values[k]!, 162, 100 + k * 30, 330)]);
  assert.deepEqual(read(runs).lines, labels.map((l, k) => `${l} ${values[k]}`));
});

test('edgeEnds (off: it cost the held-out set) and barEnds: a breadcrumb line across the top of a sidebar\'s edge does not void the edge', () => {
  const crumbs = run('Documentation » Using Sphinx » reStructuredText » Directives', 10, 92, 400, 21);
  const side = ['Table of contents', '.. toctree::', 'Paragraph-level markup', '.. note::', '.. warning::', '.. versionadded::', '.. deprecated::', '.. seealso::', '.. rubric::', 'Showing code examples', '.. highlight::', ':force:'].map((s, k) => run(s, 10, 230 + k * 16, 228, 15));
  // The body starts 10 px right of the sidebar's items: no column gap, only the drawn edge between them.
  const body = Array.from({ length: 14 }, (_, k) => run(`Body line ${k + 1} of the directives page, set beside the sidebar`, 248, 180 + k * 17, 700, 16));
  const runs = [...body, crumbs, ...side];
  const edge = { x: 247, y0: 96, y1: 899, kind: 'rule' as const };
  const lines = (rules?: { edgeEnds: boolean; gutters: boolean; barEnds: boolean }, at = edge) => readingOrder(runs.map((r) => r.box), { ...DEFAULT_READING_ORDER, paneDividers: [at], ...(rules ? { rules } : {}) })
    .map((l) => l.cells.map((c) => c.map((i) => runs[i]!.label).join(' ')).join(' | '));
  const withRule = lines({ edgeEnds: true, gutters: false, barEnds: false });
  assert.deepEqual(withRule, [crumbs.label, ...side.map((r) => r.label), ...body.map((r) => r.label)]);
  // Without it (and without the white-space gutter, which would find this column too) the lines interleave.
  assert.notDeepEqual(lines({ edgeEnds: false, gutters: false, barEnds: false }), withRule);
  // barEnds (on) does the same here, since the edge starts inside the breadcrumb's box (92..113)...
  assert.deepEqual(lines({ edgeEnds: false, gutters: false, barEnds: true }), withRule);
  // ...but not where the edge starts above a line that crosses it (a line of the body, not a bar): edgeEnds trims
  // any line within 1.5 text heights of the end, barEnds only one the end lies in.
  const above = { ...edge, y0: 80, y1: 899 };
  assert.deepEqual(lines({ edgeEnds: true, gutters: false, barEnds: false }, above), withRule);
  assert.notDeepEqual(lines({ edgeEnds: false, gutters: false, barEnds: true }, above), withRule);
});

test('filledPanes (off: it cost the held-out set): a panel with its own background beside the top of a long page is read whole, after the body', () => {
  // The Apache manual's right-hand box: a light grey fill over the top third of the page, its items 20 px from the
  // ends of the body's lines (less than a column gap), at another line pitch than the body.
  const body = Array.from({ length: 30 }, (_, k) => run(`Body line ${k + 1} of the module's summary and its directives`, 40, 100 + k * 30, 1040));
  const side = ['Topics', 'Order of Processing', 'Directives', 'Alias', 'AliasMatch', 'Redirect', 'RedirectMatch', 'ScriptAlias', 'Bugfix checklist'].map((s, k) => run(s, 1100, 104 + k * 26, 160));
  const runs = [...side, ...body];
  const edge = { x: 1090, y0: 90, y1: 350, kind: 'background' as const };
  const lines = (rules?: { filledPanes: boolean }) => readingOrder(runs.map((r) => r.box), { ...DEFAULT_READING_ORDER, paneDividers: [edge], ...(rules ? { rules } : {}) })
    .map((l) => l.cells.map((c) => c.map((i) => runs[i]!.label).join(' ')).join(' | '));
  const withRule = lines({ filledPanes: true });
  assert.deepEqual(withRule, [...body.map((r) => r.label), ...side.map((r) => r.label)]);
  assert.notDeepEqual(lines(), withRule);
  // A thin rule of the same length (a table's or a code block's border) does not take the column out on its own.
  const ruled = readingOrder(runs.map((r) => r.box), { ...DEFAULT_READING_ORDER, paneDividers: [{ ...edge, kind: 'rule' }], rules: { filledPanes: true } });
  assert.notDeepEqual(ruled.map((l) => l.cells.map((c) => c.map((i) => runs[i]!.label).join(' ')).join(' | ')), withRule);
});

test('closedPanels: a filled, closed box beside the body is read whole after it; a code block\'s edge or a sidebar running on past the edge is not a panel', () => {
  // The Apache manual's right-hand box again, now with the side of its fill named, as findPaneDividers gives it.
  const body = Array.from({ length: 30 }, (_, k) => run(`Body line ${k + 1} of the module's summary and its directives`, 40, 100 + k * 30, 1040));
  const side = ['Topics', 'Order of Processing', 'Directives', 'Alias', 'AliasMatch', 'Redirect', 'RedirectMatch', 'ScriptAlias', 'Bugfix checklist'].map((s, k) => run(s, 1100, 104 + k * 26, 160));
  const label = (runs: readonly Run[], edge: object, rules?: object) => readingOrder(runs.map((r) => r.box), { ...DEFAULT_READING_ORDER, paneDividers: [edge as never], ...(rules ? { rules } : {}) })
    .map((l) => l.cells.map((c) => c.map((i) => runs[i]!.label).join(' ')).join(' | '));
  const edge = { x: 1090, y0: 90, y1: 350, kind: 'background' as const, fill: 'east' as const };
  const runs = [...side, ...body];
  const whole = [...body.map((r) => r.label), ...side.map((r) => r.label)];
  assert.deepEqual(label(runs, edge), whole);
  assert.notDeepEqual(label(runs, edge, { closedPanels: false }), whole, 'without the rule the box interleaves with the body');
  // The fill on the body's side: the edge of a filled block in the body, with plain lines beside it.
  assert.notDeepEqual(label(runs, { ...edge, fill: 'west' }), whole);
  // The column runs on below the edge (a sidebar beside a tall code block): not a closed box.
  const more = ['Known issues', 'Report a bug'].map((s, k) => run(s, 1100, 360 + k * 26, 160));
  const longer = [...side, ...more, ...body];
  const taken = label(longer, edge);
  assert.notDeepEqual(taken.slice(-side.length), side.map((r) => r.label));
});

test('twinFrames: two group boxes side by side, their facing borders 8 px apart, are each read whole, the left one first', () => {
  // Qt's widget gallery: "Buttons" and "Simple Input Widgets" group boxes, whose rows sit at the same heights.
  const left = ['Buttons', 'Default Push Button', 'Toggle Push Button', 'Flat Push Button'].map((s, k) => run(s, 360, 130 + k * 31, 190, 22));
  const right = ['Simple Input Widgets', 'Spin box 50', '29 Nov 2026 13:04:57', 'Slider'].map((s, k) => run(s, 740, 130 + k * 31, 200, 22));
  const below = [run('Tree View', 352, 362, 80, 22), run('Close', 840, 565, 60, 22)];
  const runs = [run('Style: Windows', 350, 100, 130, 22), ...left, ...right, ...below];
  const edges = [{ x: 724, y0: 153, y1: 351, kind: 'rule' as const }, { x: 732, y0: 132, y1: 351, kind: 'rule' as const }];
  const lines = (rules?: { twinFrames: boolean }, paneDividers = edges) => readingOrder(runs.map((r) => r.box), { ...DEFAULT_READING_ORDER, paneDividers, ...(rules ? { rules } : {}) })
    .map((l) => l.cells.map((c) => c.map((i) => runs[i]!.label).join(' ')).join(' | '));
  const whole = ['Style: Windows', ...left.map((r) => r.label), ...right.map((r) => r.label), 'Tree View', 'Close'];
  assert.deepEqual(lines(), whole);
  assert.notDeepEqual(lines({ twinFrames: false }), whole, 'without the rule the boxes\' rows are read across both');
  // One such edge alone (a box beside plain text) is too short to split the dialog.
  assert.notDeepEqual(lines(undefined, [edges[0]!]), whole);
});

test('frameTitles: a group box\'s title just above its border is read with its box, not across both titles', () => {
  // Qt's calendar example (Fusion style): "Preview" and "General Options" sit above their boxes' top borders (y 36).
  const left = ['November 2026', 'Sun Mon Tue', '44 25 26', '45 1 2'].map((s, k) => run(s, 119, 48 + k * 23, 200, 22));
  const right = ['Locale C/Default', 'Week starts on: Sunday', 'Selection mode: Single', 'Grid'].map((s, k) => run(s, 370, 47 + k * 33, 400, 24));
  const runs = [run('Preview', 8, 11, 63, 24), run('General Options', 361, 12, 117, 23), ...left, ...right, run('Dates', 11, 262, 60, 24)];
  const edges = [{ x: 355, y0: 36, y1: 249, kind: 'background' as const, fill: 'east' as const }, { x: 364, y0: 36, y1: 249, kind: 'background' as const, fill: 'west' as const }];
  const lines = (rules?: { frameTitles: boolean }) => readingOrder(runs.map((r) => r.box), { ...DEFAULT_READING_ORDER, paneDividers: edges, ...(rules ? { rules } : {}) })
    .map((l) => l.cells.map((c) => c.map((i) => runs[i]!.label).join(' ')).join(' | '));
  const whole = ['Preview', ...left.map((r) => r.label), 'General Options', ...right.map((r) => r.label), 'Dates'];
  assert.deepEqual(lines(), whole);
  assert.notDeepEqual(lines({ frameTitles: false }), whole, 'without the rule both titles are read first, as one row');
  // A box whose own first line starts at its border's top (a title drawn across it, Qt's gallery) keeps the line
  // above it (the window's toolbar) out.
  const titled = [run('Style: Windows', 11, 11, 140, 27), run('Buttons', 11, 44, 88, 30), run('Default Push Button', 23, 78, 200, 27), run('Simple Input Widgets', 963, 44, 176, 30), run('Spin box 50', 978, 114, 120, 19)];
  const galleryEdges = [{ x: 966, y0: 48, y1: 522, kind: 'background' as const, fill: 'west' as const }, { x: 957, y0: 69, y1: 522, kind: 'background' as const, fill: 'east' as const }];
  const gallery = readingOrder(titled.map((r) => r.box), { ...DEFAULT_READING_ORDER, paneDividers: galleryEdges }).map((l) => l.cells.map((c) => c.map((i) => titled[i]!.label).join(' ')).join(' | '));
  assert.deepEqual(gallery, ['Style: Windows', 'Buttons', 'Default Push Button', 'Simple Input Widgets', 'Spin box 50']);
});

test('linesBeside: a line right under a title, beside nothing, is read with the header, not as a column of its own', () => {
  // The top 300 px of Apache's mod_alias page, as detected: nav links, banner, breadcrumb, the module's title (3),
  // "Available Languages: en | fr …" right-aligned under it (5), the description table (7–17), "Summary" (20) and
  // the right sidebar (4, 6, 9, …). Nothing sits beside line 5, though the two sides of its corridor overlap.
  const boxes: Box[] = [[1543, 28, 368, 23], [965, 55, 255, 26], [27, 85, 388, 21], [34, 122, 282, 26], [1717, 135, 57, 24], [1421, 154, 272, 23], [1723, 155, 126, 23],
    [29, 187, 92, 25], [151, 188, 648, 24], [1716, 188, 82, 25], [31, 208, 57, 24], [153, 210, 40, 20], [1718, 210, 36, 22], [1717, 227, 72, 22], [29, 228, 215, 26],
    [1717, 243, 116, 23], [29, 249, 90, 25], [152, 249, 86, 25], [1716, 260, 58, 21], [1717, 278, 92, 20], [26, 292, 82, 25], [1717, 293, 122, 23]];
  const order = (rules?: { linesBeside: boolean }) => readingOrder(boxes, { ...DEFAULT_READING_ORDER, ...(rules ? { rules } : {}) }).flatMap((l) => l.cells.flat());
  assert.deepEqual(order(), [0, 1, 2, 3, 5, 7, 8, 10, 11, 14, 16, 17, 20, 4, 6, 9, 12, 13, 15, 18, 19, 21]);
  const without = order({ linesBeside: false });
  assert.ok(without.indexOf(5) > without.indexOf(20), 'without the rule it is read after the table and the summary\'s heading');
});

test('sideContinues: a sidebar list that runs on below a short page\'s body stays in the sidebar', () => {
  // libxslt's pages in forced colours: no sidebar background, only the white-space gutter the body's lines make,
  // which ends with the body's last line; the sidebar's "Related links" run on below it.
  const side = ['Main Menu', 'Home', 'Introduction', 'Documentation', 'How to help', 'Downloads', 'FAQ', 'News', 'Related links', 'Tutorial', 'Man page for'].map((s, k) => run(s, 60, 240 + k * 60, 150, 24));
  const tail = ['xsltproc', 'Mail archive', 'FTP', 'Windows binaries'].map((s, k) => run(s, 60, 870 + k * 26, 150, 24));
  const body = Array.from({ length: 14 }, (_, k) => run(`Body line ${k + 1} of the library internals page`, 270, 240 + k * 46, 1000, 24));
  const runs = [...side, ...tail, ...body];
  const lines = (rules?: { sideContinues: boolean }) => readingOrder(runs.map((r) => r.box), { ...DEFAULT_READING_ORDER, ...(rules ? { rules } : {}) })
    .map((l) => l.cells.map((c) => c.map((i) => runs[i]!.label).join(' ')).join(' | '));
  const whole = [...side, ...tail].map((r) => r.label);
  const read = lines();
  assert.deepEqual(read.slice(0, whole.length), whole, 'the sidebar, tail included, is read whole before the body');
  assert.notDeepEqual(lines({ sideContinues: false }).slice(0, whole.length), whole);
});

test('a table followed by a heading and another table is read row by row, the first table ending at the heading', () => {
  // Javadoc's member summaries: "Modifier and Type | Class | Description" rows, then "Field Summary" and the header
  // of the next table, whose Description column starts further right (the corridor runs on through both).
  const rows = [['Modifier and Type', 'Class', 'Description'], ['static interface', 'System.Logger', 'System.Logger instances log messages that will be routed'], ['static class', 'System.LoggerFinder', 'The LoggerFinder service is responsible for creating loggers']];
  const first = rows.flatMap((r, k) => [run(r[0]!, 34, 502 + k * 33, 136, 18), run(r[1]!, 188, 502 + k * 33, 150, 18), run(r[2]!, 383, 502 + k * 33, 840, 18)]);
  const heading = [run('Field Summary', 26, 635, 158, 22), run('Fields', 41, 689, 58, 18)];
  const next = [run('Modifier and Type', 34, 719, 136, 18), run('Field', 248, 720, 36, 18), run('Description', 441, 720, 88, 18)];
  const runs = [...first, ...heading, ...next];
  const lines = (rules?: { tableEnds: boolean }) => readingOrder(runs.map((r) => r.box), { ...DEFAULT_READING_ORDER, ...(rules ? { rules } : {}) })
    .map((l) => l.cells.map((c) => c.map((i) => runs[i]!.label).join(' ')).join(' | '));
  assert.deepEqual(lines().slice(0, 3), rows.map((r) => `${r[0]} ${r[1]} | ${r[2]}`));
  assert.deepEqual(lines().slice(3, 5), ['Field Summary', 'Fields']);
  assert.notDeepEqual(lines({ tableEnds: false }), lines());
});

test('a wrapped table row whose first cell was not found still starts a row of its own', () => {
  // Type | method | description, cells wrapping at 18 px, rows 12 px apart; the one-letter type "V" of three rows
  // is missing, as the detector misses lone letters.
  const rows: Array<[string | null, string[], string[]]> = [
    ['void', ['clear()'], ['Removes all of the mappings from this map.']],
    [null, ['compute(K key, BiFunction<? super K,', 'V> remappingFunction)'], ['Attempts to compute a mapping for the key', 'and its current mapped value.']],
    [null, ['computeIfAbsent(K key,', 'Function<? super K> mappingFunction)'], ['If the specified key is not already associated', 'with a value, attempts to compute it.']],
    [null, ['computeIfPresent(K key, BiFunction<? super K,', 'V> remappingFunction)'], ['If the value for the specified key is present,', 'attempts to compute a new mapping.']],
    ['boolean', ['containsKey(Object key)'], ['Returns true if this map contains the key.']],
  ];
  const runs: Run[] = [];
  let y = 100;
  for (const [type, method, desc] of rows) {
    if (type) runs.push(run(type, 40, y, 60, 16));
    method.forEach((m, k) => runs.push(run(m, 250, y + k * 18, 380, 16)));
    desc.forEach((d, k) => runs.push(run(d, 800, y + k * 18, 420, 16)));
    y += Math.max(method.length, desc.length) * 18 + 12;
  }
  const lines = (rules?: { keylessRows: boolean }) => readingOrder(runs.map((r) => r.box), { ...DEFAULT_READING_ORDER, ...(rules ? { rules } : {}) })
    .map((l) => l.cells.map((c) => c.map((i) => runs[i]!.label).join(' ')).join(' | '));
  assert.deepEqual(lines(), rows.map(([type, method, desc]) => [...(type ? [type] : []), method.join(' '), desc.join(' ')].join(' | ')));
  assert.notDeepEqual(lines({ keylessRows: false }), lines());
});

test('tightly set lines whose boxes overlap are read one after another, not piece by piece across both', () => {
  // A dialog's paragraph (zenity's licence warning): detector boxes 27 px tall every 16 px, each long line cut into
  // pieces. The first line's pieces overlap the second line's by 11 px, more than 0.4 of a box.
  const pieces = [0, 1, 2].flatMap((k) => [
    run(`line ${k + 1} left`, 67, 333 + k * 16, 420, 27), run(`line ${k + 1} middle`, 490, 333 + k * 16, 420, 27), run(`line ${k + 1} right`, 913, 333 + k * 16, 400, 27),
  ]);
  const lines = (rules?: { stackedLines: boolean }) =>
    readingOrder(pieces.map((r) => r.box), { ...DEFAULT_READING_ORDER, ...(rules ? { rules } : {}) }).map((l) => l.cells.flat().map((i) => pieces[i]!.label).join(' '));
  assert.deepEqual(lines(), [1, 2, 3].map((n) => `line ${n} left line ${n} middle line ${n} right`));
  // Without the rule the first two lines form one band: the test would catch the rule going missing.
  assert.notDeepEqual(lines({ stackedLines: false }), lines());
});

test('a short table whose rows share their lines is still a table when two columns sit a little off each other', () => {
  // Offsets under a fifth of a line are a table's jitter, not two columns of text at the same pitch.
  const rows = [['Name', 'Size'], ['budget.ods', '48 KB'], ['notes.md', '6 KB']].map(([a, b], k) => [run(a!, 220, 100 + k * 30, 120), run(b!, 420, 103 + k * 30, 80)]);
  const { lines, order } = read(rows.flat());
  assert.deepEqual(lines, ['Name | Size', 'budget.ods | 48 KB', 'notes.md | 6 KB']);
  assert.ok(order.every((l) => l.tableRow));
});

test('a ruled table whose cells wrap and sit centred in their rows is read row by row, parted at its rules', () => {
  // Postfix's summary table: three columns, row rules every 60 px; a wrapped cell's two lines fill its row and the
  // one-line cells beside it sit in the row's middle, between the wrapped lines, so no line starts a row.
  const rows: Array<[string[], string[], string[]]> = [
    [['Rewrite addresses to', 'standard form'], ['all mail'], ['append_at_myorigin,', 'swap_bangpath']],
    [['Canonical address mapping'], ['all mail'], ['canonical_maps']],
    [['Resolve address to', 'destination'], ['all mail'], ['none']],
    [['Mail transport switch'], ['new mail'], ['transport_maps,', 'relocated_maps']],
  ];
  const runs: Run[] = [];
  const ruleYs: number[] = [];
  rows.forEach((cells, r) => {
    const rowTop = 100 + r * 60;
    ruleYs.push(rowTop - 4);
    cells.forEach((lines, c) => {
      const first = rowTop + 30 - (lines.length * 22) / 2;
      lines.forEach((l, k) => runs.push(run(l, 40 + c * 260, first + k * 22, 200, 20)));
    });
  });
  ruleYs.push(100 + rows.length * 60 - 4);
  const rowRules = (x0: number, x1: number, y0: number, y1: number) => (x1 - x0 > 500 ? ruleYs.filter((y) => y > y0 && y < y1) : []);
  const expected = rows.map((cells) => cells.map((lines) => lines.join(' ')).join(' | '));
  const ruled = readingOrder(runs.map((r) => r.box), { ...DEFAULT_READING_ORDER, rowRules });
  const text = (order: readonly OrderedLine[]) => order.map((l) => l.cells.map((cell) => cell.map((i) => runs[i]!.label).join(' ')).join(l.tableRow ? ' | ' : ' '));
  assert.deepEqual(text(ruled), expected);
  // Without the rules (or the rule switched off) the rows cannot be told apart.
  const unruled = readingOrder(runs.map((r) => r.box), { ...DEFAULT_READING_ORDER, rowRules, rules: { ruledRows: false } });
  assert.notDeepEqual(text(unruled), expected);
});

test('rules that cut through lines are not a table\'s row borders', () => {
  const runs = [0, 1, 2, 3].flatMap((k) => [run(`key ${k}`, 40, 100 + k * 40, 100), run(`value ${k}`, 300, 110 + k * 40, 100)]);
  const rowRules = () => [112, 152, 192];
  const order = readingOrder(runs.map((r) => r.box), { ...DEFAULT_READING_ORDER, rowRules });
  assert.ok(order.every((l) => !l.tableRow || l.cells.every((c) => c.length === 1)));
});

test('a revision history (date and author on a revision\'s row, a description line under it) is read row by row', () => {
  // DocBook's revision table: "Revision 1.0 | 19 Oct 2006 | efw", then the description on a line of its own.
  const runs: Run[] = [run('2009', 600, 20, 60)];
  const revisions = [['Revision 1.0', '19 Oct 2006', 'efw', 'Initial Version'], ['Revision 2.0', '10 Mar 2008', 'efw', 'Version 2.0'], ['Revision 2.1', '19 Jun 2009', 'efw', 'Version 2.1 (XI2)']];
  revisions.forEach(([rev, date, who, what], k) => {
    const y = 80 + k * 52;
    runs.push(run(rev!, 40, y, 140), run(date!, 520, y, 120), run(who!, 1000, y, 40), run(what!, 40, y + 26, 160));
  });
  const expected = ['2009', ...revisions.flatMap(([rev, date, who, what]) => [`${rev} | ${date} | ${who}`, what!])];
  assert.deepEqual(read([...runs].reverse()).lines, expected);
  const off = readingOrder(runs.map((r) => r.box), { ...DEFAULT_READING_ORDER, rules: { sparseColumns: false } });
  assert.notDeepEqual(off.map((l) => l.cells.map((c) => c.map((i) => runs[i]!.label).join(' ')).join(l.tableRow ? ' | ' : ' ')), expected);
});

test('times at a message list\'s right edge stay with their rows when separators are drawn between the messages', () => {
  const runs = [
    run('Maria Lopez', 20, 10, 100), run('10:42', 300, 12, 40, 16), run('Quarterly report', 20, 34, 150), run('Here is the first draft', 20, 58, 200),
    run('GitHub', 20, 100, 60), run('09:15', 300, 102, 40, 16), run('Your pull request', 20, 124, 150), run('The branch was merged', 20, 148, 200),
    run('City Library', 20, 190, 100), run('Mon', 310, 192, 30, 16), run('Your hold is ready', 20, 214, 150), run('Pick up by June 9', 20, 238, 200),
  ];
  const rowRules = () => [90, 180];
  const order = readingOrder(runs.map((r) => r.box), { ...DEFAULT_READING_ORDER, rowRules });
  assert.deepEqual(order.map((l) => l.cells.map((c) => c.map((i) => runs[i]!.label).join(' ')).join(l.tableRow ? ' | ' : ' ')), runs.map((r) => r.label));
});

test('a form\'s label centred on its list is read before the list, and a label on its field\'s baseline stays in its row', () => {
  // zenity --forms: "Time zone" set beside the middle of a three-zone list, lower than the list's second line.
  const { lines } = read([
    run('Country', 700, 529, 61, 26), run('Time zone', 697, 604, 75, 22),
    run('Europe/Andorra', 795, 566, 113, 23), run('Europe/Vienna', 793, 590, 108, 25), run('Europe/Brussels', 793, 615, 120, 25),
    run('Cancel', 1074, 680, 52, 21),
  ]);
  assert.deepEqual(lines, ['Country', 'Time zone', 'Europe/Andorra', 'Europe/Vienna', 'Europe/Brussels', 'Cancel']);
  // Doxygen's macro list: "#define" on the macro's baseline, under the line describing the macro before.
  const macros = read([
    run('#define UTF8_COMPUTE(Char, Mask, Len)', 20, 438, 361, 26), run('computes length and mask', 100, 470, 300, 22),
    run('#define', 21, 502, 66, 22), run('UTF8_LENGTH(Char)', 92, 500, 186, 29),
  ]);
  assert.equal(macros.lines[macros.lines.length - 1], '#define UTF8_LENGTH(Char)');
});
