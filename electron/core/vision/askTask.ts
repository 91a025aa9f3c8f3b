import { SightlineError } from '../common/errors';
import { LIMITS } from '../common/limits';
import type { TaskHandler } from '../host/protocol';
import { decodeImage, type DecodedImage, type ImageInput } from '../image/intake';
import { imageIdFor, recallImage, rememberImage } from './imageStore';
import { answerer, disposeVisionSessions } from './sessions';
import type { AskRequest, AskResult, ConversationTurn, TokenEvent } from './types';

const ms = (from: number, to: number = performance.now()) => Math.round(to - from);

function checkQuestion(question: unknown): string {
  if (typeof question !== 'string' || !question.trim()) throw new SightlineError('usage', 'ask: the question is empty');
  const q = question.trim();
  if (q.length > LIMITS.maxQuestionChars) throw new SightlineError('bad-input', `question: ${q.length} characters, over the ${LIMITS.maxQuestionChars}-character limit`);
  return q;
}

function checkHistory(history: unknown): ConversationTurn[] {
  if (history === undefined) return [];
  const ok = Array.isArray(history) && history.every((t) => t && typeof t === 'object' && typeof (t as ConversationTurn).question === 'string' && typeof (t as ConversationTurn).answer === 'string');
  if (!ok) throw new SightlineError('usage', 'ask: history must be a list of { question, answer } strings');
  // The oldest turns go first: the model sees the most recent conversation, within a bounded prompt.
  return (history as ConversationTurn[]).slice(-LIMITS.maxConversationTurns);
}

/**
 * The host's `ask` task. The image comes with the request or by the imageId of an earlier describe/ask; its
 * vision encoding is reused when cached, in which case the image is not even decoded again.
 */
export function createAskTask(): TaskHandler<AskRequest, AskResult, TokenEvent> {
  return {
    async run(request, { signal, emit }) {
      if (!request || typeof request !== 'object') throw new SightlineError('usage', 'ask: empty request');
      const question = checkQuestion(request.question);
      const history = checkHistory(request.history);
      if (request.imageId !== undefined && (typeof request.imageId !== 'string' || !request.imageId)) throw new SightlineError('usage', 'ask: imageId must be a non-empty string');
      const started = performance.now();
      const session = await answerer();
      let input: ImageInput | undefined = request.image;
      const imageId = request.imageId ?? (input ? await imageIdFor(input) : undefined);
      if (!imageId) throw new SightlineError('usage', 'ask: give an image or the imageId of one described before');
      if (input) rememberImage(imageId, input);
      else input = recallImage(imageId);

      let image: DecodedImage | null = null;
      let decodeMs = 0;
      if (!session.hasEncoding(imageId)) {
        if (!input) throw new SightlineError('bad-input', `${imageId}: unknown or forgotten image; send the image again`);
        const decodeStarted = performance.now();
        image = await decodeImage(input);
        decodeMs = ms(decodeStarted);
      }
      signal.throwIfAborted();

      const generateStarted = performance.now();
      const answer = await session.ask(imageId, image, question, history, signal, (text) => emit({ kind: 'token', text }));
      return {
        imageId,
        file: image?.source ?? (input?.kind === 'path' ? input.path : input?.label ?? imageId),
        question,
        answer: answer.text,
        models: { vqa: session.name },
        device: session.device,
        reusedEncoding: answer.reusedEncoding,
        timings: {
          decodeMs,
          encodeMs: Math.round(answer.encodeMs),
          firstTokenMs: answer.firstTokenAt === null ? 0 : ms(started, answer.firstTokenAt),
          generateMs: ms(generateStarted),
          totalMs: ms(started),
        },
      };
    },
    async dispose() {
      await disposeVisionSessions();
    },
  };
}
