import type { Box } from './types';

/** The recognizer's input height: every crop is scaled to it. */
export const REC_HEIGHT = 48;
/** Crops are never wider than this after scaling (a 2560-px line at 48 px high stays well under it). */
export const MAX_REC_WIDTH = 3200;
/** A slight horizontal stretch gives tight UI word spaces a time step of their own, so the recognizer emits them. */
export const STRETCH = 1.15;

/** The box's width at the recognizer's height, with the stretch, before the cap. */
const scaledWidth = (box: Box, stretch: number) => Math.ceil((stretch * REC_HEIGHT * box[2]) / Math.max(1, box[3]));

/** The crop's width for a box: scaled to the recognizer's height and stretched, within 16..MAX_REC_WIDTH columns. */
export const targetWidth = (box: Box, stretch = STRETCH) => Math.min(MAX_REC_WIDTH, Math.max(16, scaledWidth(box, stretch)));

/** Whether the box read whole would be squeezed to the cap (its letters narrower than the recognizer expects). */
export const squeezedWhole = (box: Box, stretch = STRETCH) => scaledWidth(box, stretch) > MAX_REC_WIDTH;
