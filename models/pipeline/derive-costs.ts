/**
 * Per-stage costs from the performance model: the F, B and W seconds and the activation bytes
 * (M_B held from F to B, M_W kept from B to W) of one microbatch on one pipeline stage, as the
 * sum over the stage's transformer layers plus the input embedding on the first stage and the
 * output layer (final norm, logits GEMM, cross-entropy) on the last. The layer terms come from
 * `layerSeconds` and `layerActivationBytes`; the end-stage terms from the FLOP and memory
 * functions of src/perf (`logitsForwardFlops`, `logitsActivationBytes`) on the same roofline.
 */
import { allGatherSeconds, reduceScatterSeconds } from '../../src/perf/communication.js';
import { logitsForwardFlops } from '../../src/perf/flops.js';
import { layerSeconds, type LayerContext } from '../../src/perf/layer-time.js';
import { layerActivationBytes, logitsActivationBytes, type Recompute } from '../../src/perf/memory.js';
import { gemmEfficiency, rooflineSeconds, streamSeconds } from '../../src/perf/roofline.js';

/** Seconds and bytes of one stage for one microbatch. */
export interface StageCost {
  forwardS: number;
  backwardInputS: number;
  backwardWeightS: number;
  activationBBytes: number;
  activationWBytes: number;
}

const zero = (): StageCost => ({
  forwardS: 0,
  backwardInputS: 0,
  backwardWeightS: 0,
  activationBBytes: 0,
  activationWBytes: 0,
});

function add(a: StageCost, b: StageCost): StageCost {
  return {
    forwardS: a.forwardS + b.forwardS,
    backwardInputS: a.backwardInputS + b.backwardInputS,
    backwardWeightS: a.backwardWeightS + b.backwardWeightS,
    activationBBytes: a.activationBBytes + b.activationBBytes,
    activationWBytes: a.activationWBytes + b.activationWBytes,
  };
}

const tokensOf = (c: LayerContext) => c.sequences * c.seqLength;

/** One transformer layer; W keeps the inputs of the layer's weight GEMMs (32·s·b·h bytes, Qi et al. 2024, Table 1). */
function layerCost(c: LayerContext, layer: number, recompute: Recompute): StageCost {
  const t = layerSeconds(c, layer);
  const activation = { tp: c.tp, sp: c.sp, cp: 1, recompute, attention: c.attention };
  return {
    forwardS: t.forwardS + t.commForwardS,
    backwardInputS: t.backwardInputS + t.commBackwardS,
    backwardWeightS: t.backwardWeightS,
    activationBBytes: layerActivationBytes(c.model, layer, c.sequences, c.seqLength, activation),
    activationWBytes: (32 * tokensOf(c) * c.model.hiddenSize) / c.tp,
  };
}

/**
 * The input embedding (vocabulary-parallel): F gathers rows (a memory stream) and reduces the
 * shards over TP; the token ids take no gradient, so B is empty and W is the all-gather of the
 * incoming gradient and its scatter-add into the FP32 gradient rows, which keeps that gradient
 * (2·s·b·h/t bytes) from B to W. With dropout, F also holds its 1-byte mask (s·b·h/t).
 */
export function embeddingCost(c: LayerContext): StageCost {
  const h = c.model.hiddenSize;
  const bytes = 2 * tokensOf(c) * h;
  const tpS = c.tp > 1 ? reduceScatterSeconds(bytes, c.tpGroup) : 0;
  return {
    forwardS: streamSeconds(c.gpu, 2 * bytes) + tpS,
    backwardInputS: 0,
    backwardWeightS: streamSeconds(c.gpu, bytes + 4 * bytes) + tpS,
    activationBBytes: c.model.dropout ? (tokensOf(c) * h) / c.tp : 0,
    activationWBytes: bytes / c.tp,
  };
}

/**
 * The output layer: the logits GEMM forward, its input-gradient GEMM in B and weight-gradient
 * GEMM in W (the same FLOPs, `logitsForwardFlops`), the FP32 cross-entropy streams (3 passes
 * over the logits forward, 2 backward), and the sequence-parallel all-gather / reduce-scatter
 * around it. F holds the FP32 logits and the norm input (`logitsActivationBytes`); W keeps the
 * projection's input and the logits gradient.
 */
export function outputLayerCost(c: LayerContext): StageCost {
  const { model, tp } = c;
  const tokens = tokensOf(c);
  const shape = { m: tokens, n: model.vocabSize / tp, k: model.hiddenSize };
  const gemmBytes = 2 * (shape.m * shape.k + shape.k * shape.n + shape.m * shape.n);
  const gemmS = rooflineSeconds(c.gpu, logitsForwardFlops(model, tokens) / tp, gemmBytes, gemmEfficiency(c.gpu, shape));
  const logitsBytes = (4 * tokens * model.vocabSize) / tp;
  const inputBytes = 2 * tokens * model.hiddenSize;
  const spS = tp > 1 ? allGatherSeconds(inputBytes, c.tpGroup) : 0;
  return {
    forwardS: gemmS + streamSeconds(c.gpu, 3 * logitsBytes) + spS,
    backwardInputS: gemmS + streamSeconds(c.gpu, 2 * logitsBytes) + spS,
    backwardWeightS: gemmS,
    activationBBytes: logitsActivationBytes(model, c.sequences, c.seqLength, tp, 1),
    activationWBytes: inputBytes / tp + logitsBytes / 2,
  };
}

/**
 * Costs of every stage: `counts[s]` consecutive layers on stage s, the embedding added to
 * stage 0 and the output layer to the last stage.
 *
 * @example
 * ```ts
 * const costs = stageCosts(context, [8, 8, 8, 8], 'none');
 * costs[3].forwardS > costs[1].forwardS; // the logits
 * ```
 */
export function stageCosts(c: LayerContext, counts: readonly number[], recompute: Recompute): StageCost[] {
  let layer = 0;
  return counts.map((count, stage) => {
    let cost = zero();
    for (let k = 0; k < count; k++) cost = add(cost, layerCost(c, layer++, recompute));
    if (stage === 0) cost = add(cost, embeddingCost(c));
    if (stage === counts.length - 1) cost = add(cost, outputLayerCost(c));
    return cost;
  });
}
