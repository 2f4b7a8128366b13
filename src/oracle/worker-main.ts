/**
 * The entry point of an oracle pool process (pool.ts forks it): it scores the chunks it
 * is sent, one at a time, and reports each instance's verdict at once. It holds the
 * candidates' isolates, so a V8 fatal error or a native crash in one of them ends this
 * process only; the pool notices, charges the instance that was running, and forks anew.
 */
import { BadCandidateError } from './sandbox.js';
import { runChunk } from './chunk.js';
import type { ParentMessage, WorkerMessage } from './protocol.js';

function send(message: WorkerMessage): void {
  process.send?.(message);
}

async function handle(message: ParentMessage): Promise<void> {
  const { job, request } = message;
  try {
    await runChunk(request, (index, run) => send({ type: 'result', job, index, run }), { keepSandbox: true });
    send({ type: 'done', job });
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    send({ type: error instanceof BadCandidateError ? 'bad-candidate' : 'failed', job, message: text });
  }
}

// Chunks are run strictly one after another: the pool sends the next only after 'done'.
process.on('message', (message: ParentMessage) => void handle(message));
// The parent went away (it closed the pool, or died): nothing is left to do.
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });
