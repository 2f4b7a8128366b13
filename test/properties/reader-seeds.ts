/**
 * Valid files of every format the reader properties damage: LP and MPS models, a Hugging Face
 * config, a Kubernetes List, a BurstGPT trace, a training plan, a hardware catalog, an oracle
 * candidate, and a bench set's references (`index.json`, `optimum.csv`).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { burstGptSample } from '../support/burstgpt.js';
import { serialRcpspCandidate } from '../support/candidates.js';
import { catalogGpu, catalogLink } from '../support/hardware-catalog.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** A repository file's path. */
export const repo = (path: string) => resolve(root, path);

/** A repository file's text. */
export const text = (path: string) => readFileSync(repo(path), 'utf8');

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

export const smallLp = `\\ Problem name: robust
Maximize
 profit: 3 x + 2 y - z + 0 w + 0 b + 5
Subject To
 cap: x + y <= 4
 mix: 2 x + 3 z = 6
 band: -1 <= x - y <= 5
 c4: x + w >= -2
Bounds
 x <= 3
 -1 <= y <= 4
 w free
Generals
 y
Binaries
 b
End
`;

export const smallMps = `NAME          robust
ROWS
 N  obj
 L  cap
 G  low
 E  mix
COLUMNS
    x         obj       3.0          cap       1.0
    x         low       1.0
    MARKER    'MARKER'  'INTORG'
    y         obj       2.0          cap       1.0
    MARKER    'MARKER'  'INTEND'
    z         mix       3.0          low       -1
RHS
    rhs       cap       4.0          mix       6.0
    rhs       obj       -5
RANGES
    rng       cap       2.5
BOUNDS
 UP bnd       x         3.0
 MI bnd       z
ENDATA
`;

export const hfConfig = `${JSON.stringify(
  {
    model_type: 'llama',
    num_hidden_layers: 16,
    hidden_size: 2048,
    num_attention_heads: 32,
    num_key_value_heads: 8,
    intermediate_size: 8192,
    vocab_size: 32000,
    hidden_act: 'silu',
  },
  null,
  2,
)}\n`;

/** The bundled manifests as one Kubernetes `List` in JSON. */
export function kubernetesList(): string {
  const items = parseAllDocuments(text('instances/pod-packing/manifests/gpu-two-pods.yaml')).map((doc) => doc.toJS());
  return json({ apiVersion: 'v1', kind: 'List', items: items.filter((item) => item !== null) });
}

export const burstGptTrace = burstGptSample;

/** A training plan as `estimate train --plan` reads it, under the flags' names. */
export const trainingPlan = json({
  model: 'llama3-8b',
  gpu: 'h100-sxm',
  gpus: 8,
  tp: 2,
  pp: 2,
  seq: 4096,
  globalBatch: 64,
  microBatch: 1,
  schedule: '1f1b',
  recompute: 'selective',
  zero: 1,
});

/** A plan as `estimate train --json` prints it: the `plan` object, with its own field names. */
export const printedPlan = json({
  plan: { model: 'llama3-8b', gpu: 'h100-sxm', gpus: 16, tp: 4, pp: 1, seqLength: 2048, globalBatch: 32, zeroStage: 2 },
});

/** A hardware catalog for `--catalog`: one GPU, one link, one cluster. */
export const hardwareCatalog = json({
  gpus: [catalogGpu('h100-test', 'ib-test')],
  links: [catalogLink('ib-test')],
  clusters: [{ name: 'test-pod', gpu: 'h100-test', gpusPerNode: 8, intraLink: 'nvlink4', interLink: 'ib-test' }],
});

/** An oracle candidate: a whole RCPSP heuristic. */
export const rcpspCandidate = `${serialRcpspCandidate}\n`;

/** A bench set's references. */
export const referenceIndex = json({
  'j301-1': { bestObjective: 43, bestBound: 43, proven: true, method: 'default', date: '2026-12-01' },
  'j301-2': { bestObjective: 47, bestBound: 45, proven: false, method: 'mip', date: '2026-12-01' },
});

/** PSPLIB's optimum table, `optimum.csv`: a value or lb..ub per problem. */
export const optimumCsv = 'problem,optimum\nj301_1.sm,43\nj301_2.sm,45..47\n';
