/**
 * Images the user described or read, kept (encoded, as received) so follow-up questions can name them by id
 * even after the inference host restarted and lost its own cache. Bounded by count and bytes; the least
 * recently used image is forgotten first, together with its conversation.
 */
import type { ConversationTurn } from '../../common/ipc';
import { LIMITS } from '../common/limits';

export interface StoredImage {
  readonly imageId: string;
  readonly label: string;
  readonly bytes: Uint8Array;
  turns: readonly ConversationTurn[];
}

export interface ImageStoreLimits {
  readonly maxImages: number;
  readonly maxBytes: number;
  readonly maxTurns: number;
}

export class ImageStore {
  private readonly images = new Map<string, StoredImage>();
  private bytes = 0;
  private readonly limits: ImageStoreLimits;

  constructor(limits: Partial<ImageStoreLimits> = {}) {
    this.limits = Object.freeze({
      maxImages: limits.maxImages ?? LIMITS.maxStoredImages,
      maxBytes: limits.maxBytes ?? LIMITS.maxStoredImageBytes,
      maxTurns: limits.maxTurns ?? LIMITS.maxConversationTurns,
    });
  }

  put(imageId: string, label: string, bytes: Uint8Array): StoredImage {
    this.delete(imageId);
    const image: StoredImage = { imageId, label, bytes, turns: [] };
    this.images.set(imageId, image);
    this.bytes += bytes.byteLength;
    // Always keep the newest image, even alone over the byte budget: the user is about to ask about it.
    for (const oldest of this.images.keys()) {
      if (this.images.size <= 1 || (this.images.size <= this.limits.maxImages && this.bytes <= this.limits.maxBytes)) break;
      this.delete(oldest);
    }
    return image;
  }

  /** Looks an image up and marks it most recently used. */
  get(imageId: string): StoredImage | undefined {
    const image = this.images.get(imageId);
    if (image) {
      this.images.delete(imageId);
      this.images.set(imageId, image);
    }
    return image;
  }

  addTurn(imageId: string, turn: ConversationTurn): readonly ConversationTurn[] {
    const image = this.images.get(imageId);
    if (!image) return [];
    image.turns = Object.freeze([...image.turns, Object.freeze({ ...turn })].slice(-this.limits.maxTurns));
    return image.turns;
  }

  delete(imageId: string): void {
    const image = this.images.get(imageId);
    if (!image) return;
    this.images.delete(imageId);
    this.bytes -= image.bytes.byteLength;
  }

  clear(): void {
    this.images.clear();
    this.bytes = 0;
  }

  get size(): number {
    return this.images.size;
  }

  get totalBytes(): number {
    return this.bytes;
  }
}
