#!/usr/bin/python3
"""The desktop corpus's dump (test/bench/ocr/desktopCorpus.ts): one application's accessibility tree and a
screenshot of the whole X screen, taken while the tree holds still.

    /usr/bin/python3 atspi_dump.py REQUEST.json

REQUEST.json (written by desktopCorpus.ts; nothing here reaches a shell):
    pid        the application's process id (its AT-SPI application and its X windows are found by it)
    arrange    'maximize' (every top-level window of the app moved to 0,0 and sized to the screen) or 'natural'
    actions    [{do: 'click' | 'select', role, name, nth?}]: AT-SPI actions done before the dump, in order
    font       the application's UI font as Pango names it ('Cantarell 11'); dpi: its resolution (96 x scale)
    timeoutS   the whole run's deadline; out: the JSON written; png: the screenshot written

Writes {screen, windows (X top-levels bottom to top), nodes (showing accessibles, parents before children), lineH}
and exits 0, or prints why and exits 2 (the app never showed a window) or 3 (the tree never held still).
Coordinates are AT-SPI's screen coordinates (logical pixels: the caller multiplies by the display scale).
"""
import json
import re
import sys
import time
import warnings

import gi

gi.require_version('Atspi', '2.0')
gi.require_version('Gdk', '3.0')
gi.require_version('Pango', '1.0')
gi.require_version('PangoCairo', '1.0')
from gi.repository import Atspi, Gdk, Pango, PangoCairo  # noqa: E402
from Xlib import X, display as xdisplay  # noqa: E402

warnings.simplefilter('ignore', DeprecationWarning)

SCREEN = Atspi.CoordType.SCREEN
MAX_NODES = 6000
MAX_CHILDREN = 3000
MAX_TEXT = 200_000
MAX_PARAGRAPHS = 600
# Roles whose children are cut to their box: scrolled and windowed areas (a page tab's "child" is its page, drawn
# elsewhere, so boxes in general do not clip).
CLIP_ROLES = {'scroll pane', 'viewport', 'table', 'tree table', 'tree', 'list', 'list box', 'frame', 'dialog', 'window', 'alert', 'file chooser', 'internal frame'}
MULTILINE_ROLES = {'text', 'document text', 'document frame', 'document web', 'terminal', 'paragraph', 'editbar'}


BREAKS = re.compile('[\n\u2028\u2029\ufdd0-\ufddf]')


def rect(e):
    return [e.x, e.y, e.width, e.height]


def intersect(a, b):
    x0, y0 = max(a[0], b[0]), max(a[1], b[1])
    x1, y1 = min(a[0] + a[2], b[0] + b[2]), min(a[1] + a[3], b[1] + b[3])
    return [x0, y0, max(0, x1 - x0), max(0, y1 - y0)]


class Measure:
    """Width and height of a text in the application's font, in device pixels (Pango, as GTK lays it out)."""

    def __init__(self, font, dpi):
        ctx = PangoCairo.FontMap.get_default().create_context()
        PangoCairo.context_set_resolution(ctx, dpi)
        self.layout = Pango.Layout.new(ctx)
        self.layout.set_font_description(Pango.FontDescription.from_string(font))

    def __call__(self, text):
        self.layout.set_text(text, -1)
        _, logical = self.layout.get_pixel_extents()
        return [logical.width, logical.height]


def find_app(pid):
    desktop = Atspi.get_desktop(0)
    for i in range(desktop.get_child_count()):
        app = desktop.get_child_at_index(i)
        try:
            if app is not None and app.get_process_id() == pid:
                return app
        except Exception:
            pass
    return None


def showing(acc):
    s = acc.get_state_set()
    return s.contains(Atspi.StateType.SHOWING) and s.contains(Atspi.StateType.VISIBLE)


def dump(app, measure, scale):
    nodes = []

    def visit(acc, parent, clip):
        if len(nodes) >= MAX_NODES:
            return
        try:
            if not showing(acc):
                return
            role = acc.get_role_name()
            ifaces = set(acc.get_interfaces())
            ext = rect(acc.get_extents(SCREEN)) if 'Component' in ifaces else None
        except Exception:
            return
        if ext is None or ext[0] < -100000 or ext[1] < -100000:
            return
        node = {'i': len(nodes), 'parent': parent, 'role': role, 'name': acc.get_name() or '', 'ext': ext}
        if 'TableCell' in ifaces:
            try:
                ok, row, col = acc.get_position()
                if ok:
                    node['cell'] = [row, col]
            except Exception:
                pass
        if 'Image' in ifaces:
            try:
                size = acc.get_image_size()
                if size.x > 0 and size.y > 0:
                    node['image'] = [size.x, size.y]
            except Exception:
                pass
        if 'Text' in ifaces:
            try:
                n = acc.get_character_count()
                text = acc.get_text(0, min(n, MAX_TEXT)) if n > 0 else ''
                node['text'] = text
                if BREAKS.search(text.strip()) and role in MULTILINE_ROLES:
                    node['paragraphs'] = paragraphs(acc, text, intersect(ext, clip), measure)
                elif text.strip():
                    node['textExt'] = rect(acc.get_range_extents(0, n, SCREEN))
            except Exception as err:
                node['textError'] = str(err)
        label = node.get('text') or node['name']
        if label.strip() and 'paragraphs' not in node:
            node['measured'] = measure(label.strip())
        nodes.append(node)
        inner = intersect(clip, ext) if role in CLIP_ROLES else clip
        try:
            count = min(acc.get_child_count(), MAX_CHILDREN)
        except Exception:
            count = 0
        for k in range(count):
            try:
                child = acc.get_child_at_index(k)
            except Exception:
                continue
            if child is not None:
                visit(child, node['i'], inner)

    screen = Gdk.get_default_root_window()
    full = [0, 0, int(screen.get_width() / scale), int(screen.get_height() / scale)]
    for k in range(min(app.get_child_count(), 50)):
        win = app.get_child_at_index(k)
        if win is not None:
            visit(win, None, full)
    return nodes


def paragraphs(acc, text, clip, measure):
    """The text's paragraphs near the visible part, each with its box: runs between line or paragraph breaks and
    the frame marks Qt puts around table cells (U+FDD0, U+FDD1), one character each."""
    out = []
    if clip[2] <= 0 or clip[3] <= 0:
        return out
    first = acc.get_offset_at_point(clip[0] + 1, clip[1] + 1, SCREEN)
    last = acc.get_offset_at_point(clip[0] + clip[2] - 2, clip[1] + clip[3] - 2, SCREEN)
    first = 0 if first < 0 else first
    last = len(text) if last < 0 else last
    start = 0
    for line in BREAKS.split(text):
        end = start + len(line)
        if end >= first - 1 and start <= last + 1 and line.strip():
            box = rect(acc.get_range_extents(start, end, SCREEN))
            out.append({'start': start, 'text': line, 'ext': box, 'measured': measure(line.strip())})
            if len(out) >= MAX_PARAGRAPHS:
                break
        start = end + 1
    return out


def x_windows(xd, pid):
    """The screen's mapped top-level X windows, bottom to top, each with its owner's pid and its title."""
    root = xd.screen().root
    pid_atom = xd.intern_atom('_NET_WM_PID')
    name_atom, utf8_atom = xd.intern_atom('_NET_WM_NAME'), xd.intern_atom('UTF8_STRING')
    out = []
    for w in root.query_tree().children:
        try:
            attrs = w.get_attributes()
            if attrs.map_state != X.IsViewable:
                continue
            g = w.get_geometry()
            prop = w.get_full_property(pid_atom, X.AnyPropertyType)
            title = w.get_full_property(name_atom, utf8_atom)
            name = title.value.decode('utf-8', 'replace') if title else (w.get_wm_name() or '')
            out.append({'id': w.id, 'pid': int(prop.value[0]) if prop else None, 'override': bool(attrs.override_redirect), 'rect': [g.x, g.y, g.width, g.height], 'name': name if isinstance(name, str) else ''})
        except Exception:
            continue
    return out


def find_node(app, role, name, nth):
    seen = []

    def visit(acc, depth):
        if len(seen) > nth or depth > 40:
            return
        try:
            if not showing(acc) and acc.get_role_name() != 'application':
                return
            if acc.get_role_name() == role and (acc.get_name() or '') == name:
                seen.append(acc)
            for k in range(min(acc.get_child_count(), MAX_CHILDREN)):
                visit(acc.get_child_at_index(k), depth + 1)
        except Exception:
            return

    visit(app, 0)
    return seen[nth] if len(seen) > nth else None


def act(app, action):
    node = find_node(app, action['role'], action['name'], action.get('nth', 0))
    if node is None:
        return f"no showing {action['role']} named {action['name']!r}"
    if action['do'] == 'select':
        # In its parent's selection (a tab in its tab list), else by focus (a tree's row: the cursor selects it).
        parent = node.get_parent()
        try:
            if parent.select_child(node.get_index_in_parent()):
                return None
        except Exception:
            pass
        try:
            if node.grab_focus():
                return None
        except Exception:
            pass
        return f"could not select {action['name']!r}"
    try:
        count = node.get_n_actions()
    except Exception:
        count = 0
    for k in range(count):
        if node.get_action_name(k) in ('click', 'press', 'activate', 'toggle', 'Press', 'SetFocus'):
            node.do_action(k)
            return None
    return f"{action['name']!r} has no click action"


def main():
    req = json.load(open(sys.argv[1], encoding='utf-8'))
    deadline = time.monotonic() + req['timeoutS']
    scale = req.get('scale', 1)
    measure = Measure(req['font'], req['dpi'])
    xd = xdisplay.Display()
    app = None
    while time.monotonic() < deadline:
        app = find_app(req['pid'])
        if app is not None and any(w['pid'] == req['pid'] for w in x_windows(xd, req['pid'])):
            try:
                if any(showing(app.get_child_at_index(k)) for k in range(app.get_child_count())):
                    break
            except Exception:
                pass
        app = None
        time.sleep(0.25)
    if app is None:
        print(f"pid {req['pid']}: no application with a showing window on the accessibility bus", file=sys.stderr)
        sys.exit(2)
    if req['arrange'] == 'maximize':
        sw, sh = xd.screen().width_in_pixels, xd.screen().height_in_pixels
        for w in x_windows(xd, req['pid']):
            if w['pid'] == req['pid'] and not w['override']:
                xd.create_resource_object('window', w['id']).configure(x=0, y=0, width=sw, height=sh)
        xd.sync()
        time.sleep(0.5)
    for action in req.get('actions', []):
        time.sleep(0.3)
        problem = act(app, action)
        if problem:
            print(f'action {action}: {problem}', file=sys.stderr)
            sys.exit(4)
    time.sleep(req.get('settleS', 1.0))
    root = Gdk.get_default_root_window()
    last = None
    while time.monotonic() < deadline:
        before = dump(app, measure, scale)
        pixbuf = Gdk.pixbuf_get_from_window(root, 0, 0, root.get_width(), root.get_height())
        after = dump(app, measure, scale)
        if before == after and before:
            pixbuf.savev(req['png'], 'png', [], [])
            line = measure('Ag')[1]
            result = {'screen': [root.get_width(), root.get_height()], 'windows': x_windows(xd, req['pid']), 'lineH': line, 'nodes': after}
            with open(req['out'], 'w', encoding='utf-8') as f:
                json.dump(result, f, ensure_ascii=False)
            return
        last = (len(before), len(after))
        time.sleep(0.4)
    print(f'the accessibility tree never held still (nodes before/after the screenshot: {last})', file=sys.stderr)
    sys.exit(3)


if __name__ == '__main__':
    main()
