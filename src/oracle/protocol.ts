/** The messages between the oracle pool (pool.ts) and its processes (worker-main.ts), as JSON over IPC. */
import type { ChunkRequest } from './chunk.js';
import type { JudgedRun } from './types.js';

/** Parent → process: score this chunk. */
export interface ParentMessage {
  type: 'chunk';
  job: number;
  request: ChunkRequest;
}

/** Process → parent. */
export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'result'; job: number; index: number; run: JudgedRun }
  | { type: 'done'; job: number }
  | { type: 'bad-candidate'; job: number; message: string }
  | { type: 'failed'; job: number; message: string };
