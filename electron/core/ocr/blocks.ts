import type { BlockView, PaneView } from '../../common/ipc';
import type { Box, OcrLine } from './types';

/**
 * Typed blocks from lines in reading order. This first cut knows tables (rows of cells) and plain text; every
 * other run of lines in one reading-order block is a paragraph, one per line. Later passes type headings, list
 * items, controls and panes from the pixels.
 */
export function blocksFromLines(lines: readonly OcrLine[], width: number, height: number): { blocks: BlockView[]; panes: PaneView[] } {
  const panes: PaneView[] = [{ kind: 'main', box: [0, 0, width, height] }];
  const blocks: BlockView[] = [];
  let table: { rows: string[][]; lines: number[]; boxes: Box[]; block: number } | null = null;
  const flushTable = () => {
    if (!table) return;
    blocks.push({ kind: 'table', rows: table.rows, headerRows: 0, box: unionBox(table.boxes), pane: 0, lines: table.lines });
    table = null;
  };
  lines.forEach((line, index) => {
    if (line.cells && line.cells.length > 1) {
      if (table && table.block !== line.block) flushTable();
      table ??= { rows: [], lines: [], boxes: [], block: line.block };
      table.rows.push([...line.cells]);
      table.lines.push(index);
      table.boxes.push(line.box);
      return;
    }
    flushTable();
    blocks.push({ kind: 'paragraph', text: line.text, box: line.box, pane: 0, lines: [index] });
  });
  flushTable();
  return { blocks, panes };
}

export function unionBox(boxes: readonly Box[]): Box {
  const x0 = Math.min(...boxes.map((b) => b[0])), y0 = Math.min(...boxes.map((b) => b[1]));
  const x1 = Math.max(...boxes.map((b) => b[0] + b[2])), y1 = Math.max(...boxes.map((b) => b[1] + b[3]));
  return [x0, y0, x1 - x0, y1 - y0];
}
