import fs from "node:fs";
import path from "node:path";
import { seedToCatalogGpu } from "../lib/catalog/queries";
import { loadSeedCatalog } from "../lib/catalog/seed";
import { deriveBands, SOURCE_FOLDS, MIN_ROWS_PER_VENDOR, MIN_SOURCES_PER_VENDOR, COVERAGE, COVERAGE_MARGIN, THIN_VENDOR_UNCHECKED, THIN_VENDOR_WIDENINGS, type Residual } from "../lib/model/bands";
import { ENGINE_FACTORS, getKnob, METRIC_FAMILIES, PRIOR_KNOBS, applyKnobs, type Band, type MetricFamily, type Platform } from "../lib/model/calibration";
import { CONVERGED, FIT_STARTS, fitKnobsMultiStart, knobDependencies, RIDGE, SWEEPS } from "../lib/model/fit";
import { engineOf, eraOf, measurementSchema, METRICS, percentile, predictCase, toCases, type Measurement } from "../lib/model/validation";

/**
 * `npm run eval`: fits the efficiency knobs to published measurements and scores the model on whole
 * sources the fit did not see (leave-one-source-out). Writes lib/model/fitted-knobs.json (the knobs
 * fitted on every source: what ships), lib/model/error-bands.json (ranges from held-out residuals),
 * lib/model/measured-gpus.json and docs/accuracy.md. Flags: --no-write, --all (every row), --sweeps=N.
 */
const started = Date.now();
const write = !process.argv.includes("--no-write");
const sweepsArg = process.argv.find((a) => a.startsWith("--sweeps="));
const sweeps = sweepsArg ? Number(sweepsArg.split("=")[1]) : SWEEPS;

const dir = path.join(process.cwd(), "tests", "fixtures", "measurements");
const measurements: Measurement[] = [];
for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".json")).sort()) {
  const rows = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as unknown[];
  rows.forEach((row, i) => {
    const parsed = measurementSchema.safeParse(row);
    if (!parsed.success) {
      console.error(`${file} #${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join(".")}: ${x.message}`).join("; ")}`);
      process.exitCode = 1;
    } else measurements.push(parsed.data);
  });
}
const gpus = loadSeedCatalog().gpus.map(seedToCatalogGpu);
const vendorOf = new Map(gpus.map((g) => [g.slug, g.vendor]));
const { cases, missing } = toCases(measurements, gpus);

// 1. Which rows each knob moves.
applyKnobs(PRIOR_KNOBS);
const deps = knobDependencies(cases, gpus);
const engineOfCase = cases.map((c) => engineOf(c.measurement, predictCase(c, gpus).estimate));

/**
 * Fits on every group of sources but one and predicts that one, for each group: every case gets a
 * held-out prediction, and whether its engine was absent from the fit that made it.
 */
function holdOut(groupOf: (source: string) => string | number): { predicted: (number | null)[]; unseen: boolean[] } {
  const predicted: (number | null)[] = cases.map(() => null);
  const unseen: boolean[] = cases.map(() => false);
  for (const group of new Set(cases.map((c) => groupOf(c.source)))) {
    const train = new Set(cases.map((c, i) => (groupOf(c.source) === group ? -1 : i)).filter((i) => i >= 0));
    fitKnobsMultiStart(cases, train, gpus, deps, sweeps);
    const seenEngines = new Set([...train].map((i) => engineOfCase[i]));
    cases.forEach((c, i) => {
      if (groupOf(c.source) !== group) return;
      predicted[i] = predictCase(c, gpus).value;
      unseen[i] = !seenEngines.has(engineOfCase[i]) || c.measurement.engine != null;
    });
  }
  return { predicted, unseen };
}

// 2. Leave one source out: fit on every other source, predict this one.
const sources = [...new Set(cases.map((c) => c.source))].sort();
const { predicted: heldOut, unseen: unseenEngine } = holdOut((source) => source);

// 2b. A third of the sources out at a time (SOURCE_FOLDS folds, sources sorted, the i-th in fold
// i mod 3, as tests/unit/model/validation.test.ts splits them): a range rule must also hold here.
const foldOfSource = new Map(sources.map((s, i) => [s, i % SOURCE_FOLDS]));
const folds = holdOut((source) => foldOfSource.get(source)!);

// 3. The shipped fit: every source.
const final = fitKnobsMultiStart(cases, new Set(cases.map((_, i) => i)), gpus, deps, sweeps);
const inSample = cases.map((c) => predictCase(c, gpus).value);
const fittedEngines = [...new Set(final.fitted.filter((id) => id.startsWith("engine/")).map((id) => id.split("/")[1]))].sort();

// 4. Ranges from held-out residuals (lib/model/bands.ts): per family, the narrowest band whose nested
// coverage (each source against bands built without it) reaches COVERAGE, so the promise "80% fell
// inside" holds on unseen sources, not just on the residuals it was built from.
const vendorOfCase = (i: number): Platform => (vendorOf.get(cases[i].measurement.gpu) ?? "nvidia") as Platform;
/** measured ÷ held-out prediction for every case that has one, and the case each came from. */
function residualsOf(predicted: readonly (number | null)[], unseen: readonly boolean[]): { rows: Residual[]; index: number[] } {
  const rows: Residual[] = [];
  const index: number[] = [];
  cases.forEach((c, i) => {
    const p = predicted[i];
    if (p == null || !(p > 0)) return;
    index.push(i);
    rows.push({ family: c.family, vendor: vendorOfCase(i), source: c.source, unseenEngine: unseen[i], ratio: c.measurement.value / p });
  });
  return { rows, index };
}
const { rows: residuals, index: residualIndex } = residualsOf(heldOut, unseenEngine);
const derived = deriveBands(residuals, residualsOf(folds.predicted, folds.unseen).rows);
const bands = derived.bands;
const insideNested: (boolean | null)[] = cases.map(() => null);
derived.inside.forEach((x, k) => (insideNested[residualIndex[k]] = x));

// 5. Report.
const lines: string[] = [];
const out = (line = "") => {
  lines.push(line);
  console.log(line);
};
const pct = (x: number) => (Number.isNaN(x) ? "—" : `${(x * 100).toFixed(1)}%`);
const err = (pred: number | null, i: number) => (pred == null ? null : Math.abs(pred - cases[i].measurement.value) / cases[i].measurement.value);
function summary(indices: number[], preds: (number | null)[] = heldOut) {
  const e = indices.map((i) => err(preds[i], i)).filter((x): x is number => x != null);
  return { n: e.length, median: percentile(e, 50), p90: percentile(e, 90) };
}
function coverage(indices: number[]) {
  const v = indices.map((i) => insideNested[i]).filter((x): x is boolean => x != null);
  return v.length ? v.filter(Boolean).length / v.length : NaN;
}
const byMetric = (metric: string) => cases.map((c, i) => (c.measurement.metric === metric ? i : -1)).filter((i) => i >= 0);
const byFamily = (family: MetricFamily) => cases.map((c, i) => (c.family === family ? i : -1)).filter((i) => i >= 0);

out(`# Model accuracy against published measurements`);
out();
out(
  `Generated by \`npm run eval\` from ${measurements.length} measurements in tests/fixtures/measurements: ${cases.length} scored, ` +
    `${new Set(cases.map((c) => c.measurement.gpu)).size} GPUs, ${sources.length} independent sources. ` +
    `Error = |predicted − measured| ÷ measured. **Held-out** figures come from leave-one-source-out: for each source, the knobs are ` +
    `fitted on every other source and the model then predicts that source's rows, so no benchmark table, thread or paper is on ` +
    `both sides. "Fitted" figures use the knobs fitted on all sources (what ships) and are shown only for comparison.`,
);
out();
out(`## Error per metric`);
out();
out(`| metric | n | held-out median | held-out p90 | fitted median | fitted p90 | inside range (held-out) |`);
out(`|---|---|---|---|---|---|---|`);
for (const metric of METRICS) {
  const idx = byMetric(metric);
  if (!idx.length) continue;
  const h = summary(idx);
  const f = summary(idx, inSample);
  out(`| ${metric} | ${h.n} | ${pct(h.median)} | ${pct(h.p90)} | ${pct(f.median)} | ${pct(f.p90)} | ${pct(coverage(idx))} |`);
}
out();
out(`Targets (issue 13): decode median ≤ 10%, p90 ≤ 25%; prefill ≤ 20% / ≤ 60%; training ≤ 20% / ≤ 50%; memory median ≤ 10%; ≥ 80% inside the range per metric.`);
out();
out(`### The last revision, before and after`);
out();
out(
  `Measured by this script before and after this revision (32 sources; 618 → 623 measurements): held-out median / p90 ` +
    `error and held-out coverage of the range. Model: (1) QLoRA keeps the token embedding and the LM head in 16 bit ` +
    `(lib/model/memory.ts sixteenBitEmbeddingParameters): only linear layers are quantized, and Hugging Face's bitsandbytes ` +
    `integration leaves the output embedding unconverted (get_keys_to_not_convert), as torchtune's NF4 recipes do; Llama 3.1 ` +
    `8B holds 2.1 GB of them in bf16, 1.6 GB more than at 4 bits. (2) bitsandbytes up to 0.43.1 kept every 4-bit linear's ` +
    `input for a backward pass that never used it (MatMul4Bit.forward saved "ctx.tensors = (A, B)"); its PR #1270 ("fix QLoRA mem ` +
    `bug: delete useless buffered activation", merged 2024-07-16) saves the weight alone. A QLoRA row built before then is ` +
    `scored with those inputs (lib/model/memory.ts quantizedInputBytes: the inputs of q/k/v, o, gate/up and down, in 16 bit, ` +
    `on every stored layer; with checkpointing only the layer being recomputed); every estimate the advisor shows is for ` +
    `current builds. LitGPT's October 2023 table (bitsandbytes 0.41.1, no checkpointing) had its QLoRA peaks 21–24% above the ` +
    `estimate while its bf16 LoRA peaks were within 8%: its QLoRA rows are now 5–9% below. torchtune's QLoRA peak moves further ` +
    `above its measurement (29% → 49%): its recipe holds 2 bytes a logit (compiled chunked cross-entropy) where the plan counts ` +
    `6, and its counters are the allocator's, without the CUDA context. Data: (3) the TinyChat README's Hugging Face FP16 ` +
    `baseline, five batch-1 decode rows (RTX 4090 at commit e4bdec2, December 2024, 4 context tokens; RTX A6000 at b76fab6, ` +
    `April 2024): the first decode rows through plain transformers, an engine the issue names. Held out, on the priors alone ` +
    `(its only other rows, prefill, are in the same source), they came out 23% / 35% too slow, and decode's p90 rose 27.7% → ` +
    `29.5%: the engine's per-layer cost had been added to the kernels' time. Model: (4) an engine driven by an eager PyTorch ` +
    `loop (transformers, AutoAWQ, plain PyTorch) launches its kernels asynchronously, so the host runs ahead of the GPU and its ` +
    `per-layer cost overlaps the kernels: a step takes max(GPU time, host time), not their sum (lib/model/calibration.ts ` +
    `hostOverlap; inference.ts decodeStep and prefill). llama.cpp builds each token's graph on the host before running it and ` +
    `the servers replay CUDA graphs, so theirs stays additive. The transformers rows, held out, are then 8–20% off, and ` +
    `AutoAWQ's decode p90 28.4% → 23.9% (its median 7.3% → 16.6%: its GEMV rows at 64 tokens of context are now right, its ` +
    `2,048-token rows 18–38% fast). (5) Apple's M3-family GPUs and later issue integer and floating-point instructions in ` +
    `parallel ("Explore GPU advancements in M3 and A17 Pro", Apple tech talk 111375: the shader core's ALU pipelines run FP32, ` +
    `FP16 and integer work from different SIMD groups at once), so unpacking a GGUF weight costs the longer of its integer ` +
    `operations (masks, shifts, the q6_K offset) and its float ones (convert, multiply-add), not their sum: q4_k_m 2.54 where ` +
    `the M1 and M2 families spend 3.72 (lib/model/precision.ts ggufUnpackCost, hardware.ts parallelIntegerPipes). What had ` +
    `looked like two llama.cpp builds disagreeing on Apple (XiongjieDai's May 2024 table against chigkim's December 2024 rows) ` +
    `was this: XiongjieDai's own M3 Max rows agree with chigkim's, and it is the M1 Max and M2 Ultra that unpack ~1.3× slower ` +
    `per FLOP. Held out, Apple decode 15.7% / 34.8% → 9.0% / 22.5%, and every decode target is met.`,
);
out();
out(`| metric | before | after | inside range before | after |`);
out(`|---|---|---|---|---|`);
for (const [metric, before, after, coverBefore, coverAfter] of [
  ["decode tokens/s", "9.0% / 27.7%", "9.0% / 23.3%", "90.7%", "94.9%"],
  ["prefill tokens/s", "18.6% / 53.6%", "18.6% / 53.8%", "87.1%", "88.3%"],
  ["serving throughput", "27.6% / 172.4%", "27.6% / 172.8%", "86.8%", "86.8%"],
  ["training tokens/s", "13.8% / 27.3%", "13.7% / 27.2%", "100.0%", "100.0%"],
  ["training samples/s", "18.2% / 42.9%", "18.6% / 43.1%", "97.1%", "97.1%"],
  ["memory", "13.9% / 56.2%", "7.4% / 56.2%", "92.9%", "92.9%"],
]) {
  out(`| ${metric} | ${before} | ${after} | ${coverBefore} | ${coverAfter} |`);
}
out();
out(
  `Memory's median is now within its target (7.4%, 12 of 22 rows within 10%); the rows far off are recipes the workload does ` +
    `not describe (see Fine-tuning memory below).`,
);

// What the data says: the causes found, with the rows that show them (figures computed here).
const row = (id: string) => {
  const i = cases.findIndex((c) => c.measurement.id === id);
  return i < 0 ? null : { measured: cases[i].measurement.value, heldOut: heldOut[i], fitted: inSample[i], source: cases[i].measurement.sourceUrl };
};
const fmtRow = (id: string, label: string) => {
  const r = row(id);
  return r ? `${label} measured ${r.measured}, predicted ${r.fitted?.toPrecision(4)} (held-out ${r.heldOut?.toPrecision(4)})` : `${label}: not in the fixtures`;
};
out();
out(`## What the data says`);
out();
out(
  `- **Prefill on NVIDIA datacenter cards (issue 13: 3–6× too fast).** Two causes, neither a fudge factor. (1) The catalog's GeForce ` +
    `tensor figures are the FP32-accumulate rates the whitepapers print (RTX 4090: 165.2 TFLOPS; 330.3 with FP16 accumulate), and ` +
    `llama.cpp's cuBLAS path asks for FP16 accumulation (CUBLAS_COMPUTE_16F in ggml_cuda_op_mul_mat_cublas), so on GeForce its ` +
    `ceiling is twice the printed figure while datacenter and workstation parts run both at one rate. (2) llama.cpp's own matrix ` +
    `kernels are built on mma.sync; Hopper reaches its dense peak only with wgmma (Luo et al. 2024, arXiv 2402.13499), so for such ` +
    `engines matmulPeak takes legacyMmaFraction of it, fitted at ${Number(getKnob("global/legacyMmaFraction").toPrecision(2))} (prior 0.5). ` +
    `One llama.cpp prefill efficiency (fitted ${Number(getKnob("engine/llama.cpp/prefill/nvidia").toPrecision(2))} of that peak, was 0.95 of the raw one) ` +
    `then fits both: ${fmtRow("llamacpp-h100-pcie-llama-3.1-8b-q4km-pp512", "H100 PCIe Llama 3 8B Q4_K_M pp512")}; ` +
    `${fmtRow("llamacpp-rtx-4090-llama-3.1-8b-q4km-pp512", "RTX 4090")} (XiongjieDai, May 2024). Issue 13 quotes ~4,900 tokens/s for an H100 PCIe (Llama 2 7B Q4_0) from its hidden set, about 40% ` +
    `below these published rows: llama.cpp's CUDA prefill changed a lot between versions, and the fixtures hold no earlier H100 row ` +
    `to fit an engine-era knob on, so that gap is not modelled.`,
);
out(
  `- **Power-limited clocks.** Printed peaks assume the boost clock; boards with little power per SM cannot hold it under ` +
    `sustained matrix load. Across NVIDIA Ampere-and-later cards the published llama.cpp prefill and PyTorch training rates fall with ` +
    `board power per SM (RTX 6000 Ada 2.1 W/SM, L40S 2.5, RTX 4090 3.5, RTX 3080 4.7), so compute peaks are scaled by ` +
    `min(1, (W per SM ÷ ${Number(getKnob("global/sustainedWattsPerSm").toPrecision(3))})^${Number(getKnob("global/clockPowerExponent").toPrecision(2))}) ` +
    `(fitted; the prior exponent ⅓ is the f ∝ P^⅓ of voltage-frequency scaling, the steeper fit says power per SM also stands for ` +
    `differences between board designs): ${fmtRow("llamacpp-rtx-6000-ada-llama-3.1-8b-q4km-pp512", "RTX 6000 Ada Llama 3 8B Q4_K_M pp512")}.`,
);
out(
  `- **Quantized prompts take two paths.** llama.cpp multiplies GGUF prompts in MMQ kernels that quantize the activations to int8 ` +
    `and unpack each weight block in shader code (or dequantize whole matrices for cuBLAS); AWQ/GPTQ int4 engines dequantize tiles to ` +
    `FP16 for tensor-core GEMMs. One shared factor for both had to split the difference; each now has its own: GGUF prompts at ` +
    `${Number(getKnob("global/ggufPrefillFactor").toPrecision(2))} of the 16-bit rate, int4 at ${Number(getKnob("global/quantizedPrefillFactor").toPrecision(2))} ` +
    `(fitted). XiongjieDai's table shows the gap on every card: before the split, its held-out F16 prompts measured 1.1–2× the ` +
    `estimate and its Q4_K_M prompts 0.55–0.95× (prefill held-out median 24.2% → 17.6%, p90 70.0% → 51.5%): ` +
    `${fmtRow("llamacpp-rtx-4090-llama-3.1-8b-fp16-pp512", "RTX 4090 Llama 3 8B F16 pp512")}; ` +
    `${fmtRow("llamacpp-rtx-4090-llama-3.1-8b-q4km-pp512", "Q4_K_M")}.`,
);
out(
  `- **Long prompts.** Attention runs at prefillAttentionEfficiency of the matrix rate (llama.cpp without flash attention writes ` +
    `the KQ matrix: fitted ${Number(getKnob("engine/llama.cpp/prefillAttentionEfficiency").toPrecision(2))}), which is why pp4096 runs ~20% below pp512.`,
);
out(
  `- **Decode on HBM parts.** Batch-1 matrix-vector kernels keep a fixed number of bytes in flight per SM; HBM's larger ` +
    `bandwidth × latency product leaves them further from peak (llama.cpp hbmBandwidth fitted ${Number(getKnob("engine/llama.cpp/hbmBandwidth/nvidia").toPrecision(2))}): ` +
    `${fmtRow("llamacpp-a100-sxm4-80gb-llama-3.1-8b-fp16-tg512", "A100 SXM F16 tg512")}. GGUF unpacking is a separate ceiling per backend ` +
    `(CUDA's dp4a kernels vs Metal's float unpacking), and per format: counted in llama.cpp's Metal kernels, q4_0 costs 0.81 of ` +
    `q4_k_m's operations a weight (q4_k_m keeps 18% of a Llama's weights at q6_K, which assembles each weight from two arrays) and ` +
    `q8_0 0.54 (docs/precisions.md): ${fmtRow("chigkim-m3-max-40c-llamacpp-llama-3.3-70b-q4_0-tg1999-after260", "M3 Max Llama 3.3 70B Q4_0")}, ` +
    `where one cost for every format held it 30% below. Apple's M3-family GPUs and later issue integer and floating-point ` +
    `instructions in parallel (Apple tech talk 111375), so there a weight costs the longer of its integer stream (masks, ` +
    `shifts) and its float one (convert, multiply-add): q4_k_m 2.54 operations where M1 and M2 spend 3.72 ` +
    `(lib/model/hardware.ts parallelIntegerPipes): ${fmtRow("llamacpp-m1-max-32c-llama-3.1-70b-q4km-tg512", "M1 Max Llama 3.1 70B Q4_K_M")}.`,
);
out(
  `- **Training.** Pascal GeForce has no fast FP16 (1/64 rate): AMP runs at the FP32 rate, so the 16-bit peak falls back to FP32 ` +
    `(${fmtRow("lambda-v0-gtx-1080-ti-x1-resnet-50-fp16", "GTX 1080 Ti ResNet-50 AMP")}; it was predicted ~100× too slow). Element-wise and ` +
    `normalisation kernels and the optimizer step are a memory-bound term beside the matrix term. The same model on the same GPU ` +
    `ran 1.8× apart in two tables: ${fmtRow("dle-resnet50-a100-sxm4-80gb-x1-fp16-train", "NVIDIA DLE ResNet-50 on A100 80GB")} vs ` +
    `${fmtRow("lambda-v0-a100-sxm4-80gb-x1-resnet-50-fp16", "Lambda's benchmark on the same GPU")}. Both run DeepLearningExamples' ` +
    `main.py with AMP, but NVIDIA's configs set channels_last (memory_format: nhwc) and Lambda's pass no --memory-format, so ` +
    `main.py's default NCHW runs, and cuDNN transposes each convolution's input and output around its tensor-core kernels ` +
    `(lib/model/training.ts; knob nchwTransposeTrafficPerActivationByte, fitted ${Number(getKnob("global/nchwTransposeTrafficPerActivationByte").toPrecision(2))} ` +
    `bytes per byte of stored activations). The advisor assumes PyTorch's default, NCHW, and says so; a workload whose script sets channels_last says memoryFormat "nhwc" (the fixtures' DLE rows do). BERT fine-tuning at 384 tokens (SQuAD, in Lambda's table and in NVIDIA's) ran slower than ` +
    `its FLOPs and the transformer element-wise traffic said, where BERT pretraining at 128 tokens did not: the BERT ` +
    `implementations benchmarked compute softmax(QKᵀ) explicitly, and Korthikanti et al.'s 5·a·s/h bytes per token per layer of ` +
    `scores, softmax and dropout (lib/model/memory.ts attentionScoreBytes) are 30 beside the other 34 at 384 tokens for ` +
    `BERT-large, 10 at 128. Counting them for encoders, with convolutional nets' element-wise traffic a knob of its own ` +
    `(visionTrafficPerActivationByte: batch norm and ReLU are not a transformer's kernels, and one shared knob had carried ` +
    `BERT's attention for ResNet-50 too), took held-out training samples/s from 22.1% / 59.9% to 18.8% / 56.1% and tokens/s ` +
    `from 20.5% / 35.0% to 17.0% / 29.1%: ${fmtRow("dle-bert-large-squad-a100-sxm4-80gb-x1-fp16", "DLE BERT-large SQuAD, A100 80GB")}. ` +
    `(Counting FLOPs without the embedding lookup also narrows the BERT-base/large gap, but made held-out training worse, so it ` +
    `was not kept.)`,
);
out(
  `- **Fine-tuning memory.** LoRA/QLoRA recipes checkpoint activations by default (torchtune configs, PEFT's prepare_model_for_kbit_training), ` +
    `so the advisor does too and says so: ${fmtRow("torchtune-rtx-4090-llama-3.1-8b-qlora-bs2-seq2048-mem", "QLoRA Llama 3.1 8B, 2,048 × 2, RTX 4090 (GB)")}; ` +
    `it was 27 GB ("does not fit a 24 GB card"). The signs of the training-memory residuals differ by source, not by GPU or model: ` +
    `LitGPT's LoRA peaks are within 8% (${fmtRow("litgpt-a100-40gb-llama-2-7b-lora-mb1-mem", "Llama 2 7B LoRA")}) and its QLoRA peaks, from a ` +
    `bitsandbytes that kept each 4-bit linear's input (see the last revision), within 10% ` +
    `(${fmtRow("litgpt-a100-40gb-llama-2-13b-qlora-mb1-mem", "Llama 2 13B QLoRA")}); every torchtune row is below the estimate, most of all where the recipe keeps AdamW states in bf16 without an fp32 copy, fuses the ` +
    `optimizer step into the backward pass and pages 8-bit states outside PyTorch's allocator ` +
    `(${fmtRow("torchtune-rtx-4090-llama-3.1-8b-full-bs2-seq2048-mem", "full fine-tune of Llama 3.1 8B")}); torchtitan's are above it, since it ` +
    `logs reserved memory and checkpoints selected ops rather than whole layers (${fmtRow("trainy-h200-x32-llama-3.1-8b-fp8-fsdp-mem", "H200 FSDP")}). ` +
    `These are recipe choices the workload does not describe, not a bias one formula could remove: counting each layer's ` +
    `activations tensor by tensor (gated MLPs, GQA) moved the memory median by less than a point and was not kept. So the ` +
    `training-memory range is symmetric on the log scale and wide (below), and says so.`,
);
out(
  `- **Serving with NVFP4.** NVFP4 checkpoints come from NVIDIA's Model Optimizer, whose PTQ script quantizes the KV cache to FP8 ` +
    `unless told otherwise, so an NVFP4 run counts 1 byte per cached value (was 2): the cache holds twice the sequences and decode ` +
    `reads half the bytes per token. ${fmtRow("trtllm-b200-llama-3.3-70b-nvfp4-offline-128-4096", "B200 Llama 3.3 70B NVFP4 128/4096 (tokens/s)")}; ` +
    `it was predicted 3,914 held-out. Counting native FP4 matrix math at twice the FP8 rate (the vendors' dense FP4 figures) as well ` +
    `made prefill-heavy rows 60–100% too fast, so compute stays at the FP8 rate (errs slow) until a source isolates it.`,
);
out(
  `- **MoE expert path.** A MoE decode step streams its routed experts through grouped kernels in which each expert sees B·k/E ` +
    `of the step's tokens (vLLM's and SGLang's fused_moe), with the router, token permutation and expert all-to-all on top; the ` +
    `expert weights now stream at a per-engine share of the engine's bandwidth efficiency (moeBandwidth, prior 1: at batch 1 ` +
    `each routed expert runs the same matrix-vector kernel as a dense layer, as AutoAWQ's Mixtral rows show; its prior holds ` +
    `loosely and it is fitted before the dense efficiencies it shares those rows with). Without it the DeepSeek-R1 serving rows ` +
    `(dstack, March 2025) dragged vLLM's dense bandwidth on NVIDIA to the 0.3 floor of its range, which also slowed every dense ` +
    `vLLM estimate; now vLLM's expert path is fitted at ${Number(getKnob("engine/vllm/moeBandwidth").toPrecision(2))} and its dense ` +
    `bandwidth (shared with TensorRT-LLM, above) at ${Number(getKnob("engine/vllm/bandwidth/nvidia").toPrecision(2))}: ${fmtRow("dstack-r1-vllm-h200-sxm-x8-c64-3200-800", "DeepSeek-R1 FP8, 8× H200, vLLM, 64 users (tokens/s)")}. ` +
    `Those early-2025 rows still sit 2–3× below the estimate held out (the SGLang cookbook's later B200 rows sit above it): ` +
    `engine versions for a new architecture, not hardware, which the workload cannot name; the throughput range is wide for it.`,
);
out(
  `- **A fit with two basins.** The sustained-clock pair (watts per SM at which the boost clock holds, and the exponent below it) ` +
    `trades off against the llama.cpp prefill efficiency: a shallow exponent with a high efficiency or a steep one with a lower ` +
    `efficiency. Without XiongjieDai's table (the fold that holds it out) the descent from the priors settled in the shallow basin or ` +
    `the steep one depending on unrelated rows, swinging that fold's prefill error between ~25% and ~32% median on changes elsewhere. ` +
    `The fit now also starts in the steep basin and keeps the lower objective (no held-out row is used to choose).`,
);
out(
  `- **An unfinished fit.** Three fixed passes of coordinate descent stopped well short of the minimum: knobs that share rows ` +
    `(an engine's prefill share, the GGUF share, the attention share; MFU and the element-wise traffic in training) move a ` +
    `little per pass, and which corner of such a valley a fold ended in depended on unrelated rows. The descent now runs until a ` +
    `pass lowers the objective by less than ${CONVERGED * 100}% (at most ${SWEEPS} passes). Held out, on the same fixtures: training ` +
    `samples/s 31.6% → 22.2% median (p90 74.6% → 60.4%), training tokens/s 23.3% → 20.6%, decode 16.0% → 14.3%, prefill 17.6% → 16.9%, ` +
    `serving throughput 28.7% → 28.3%.`,
);
out(
  `- **Engines.** Each engine has its own knobs where data exists (${fittedEngines.join(", ")}); an engine without measurements ` +
    `keeps its priors and gets the wider "engine not fitted" range below, measured on rows whose engine was absent from their fold.`,
);
for (const [title, key] of [
  ["vendor", (i: number) => vendorOfCase(i)],
  ["engine", (i: number) => engineOfCase[i]],
  ["era (year measured)", (i: number) => eraOf(cases[i].measurement)],
  ["source", (i: number) => cases[i].source],
] as const) {
  out();
  out(`## Held-out error per metric family and ${title}`);
  out();
  out(`| family | ${title} | n | median | p90 | inside range |`);
  out(`|---|---|---|---|---|---|`);
  for (const family of METRIC_FAMILIES) {
    const idx = byFamily(family);
    for (const value of [...new Set(idx.map(key))].sort()) {
      const sub = idx.filter((i) => key(i) === value);
      const h = summary(sub);
      if (h.n) out(`| ${family} | ${value} | ${h.n} | ${pct(h.median)} | ${pct(h.p90)} | ${pct(coverage(sub))} |`);
    }
  }
}
out();
out(`## Ranges`);
out();
out(
  `Each estimate's range is estimate × [low, high], built from measured ÷ predicted over the held-out predictions of that metric ` +
    `family (per vendor where ${MIN_ROWS_PER_VENDOR}+ rows from ${MIN_SOURCES_PER_VENDOR}+ sources exist: a band from one or two tables says how ` +
    `those tables scatter, not how the next one will). Candidate rules are percentile pairs (80% to 98% of the rows), optionally ` +
    `widened on the log scale, or symmetric on the log scale ([1/x, x] from a percentile of |ln(measured ÷ predicted)|: sources ` +
    `whose errors lean opposite ways are covered only by a band that does not assume the next source leans like the last). Each ` +
    `family ships the narrowest rule that holds ${Math.round(100 * (COVERAGE + COVERAGE_MARGIN))}% of the rows of sources the band was not built from (a margin over the ` +
    `promise: a rule that holds exactly 80% of the sources it was chosen on is a coin flip on the next one), both one source at a time ` +
    `and with a third of the sources unseen at once (three folds of sources, the knobs refitted on the other two and the band built ` +
    `from their residuals: the thinly measured tables that share a fold cannot lean on each other; the decode rule that held one ` +
    `source at a time, a 5th–95th percentile band, held 66% of the rows this way and was not shipped): **at least 80% of published ` +
    `measurements fell inside ranges like these.** The "inside range" columns check this: each source is scored against bands built ` +
    `without it. tests/unit/model/validation.test.ts checks it once more per metric on three folds of sources, with bands built ` +
    `by the shipped rule from the other folds only and read back from estimate().ranges. A GPU with no measurement gets the band ` +
    `widened by a quarter on the log scale; an engine the fit never saw gets the band measured on rows whose engine was absent from ` +
    `their fold (lib/model/error-bands.json). A vendor without a band of its own (too few rows or sources in that family, or none) ` +
    `takes the all-vendor band widened on the log scale: that band is mostly the best-measured vendor's scatter, so the widening is ` +
    `the smallest of ×${THIN_VENDOR_WIDENINGS.join(", ×")} that holds ${Math.round(100 * (COVERAGE + COVERAGE_MARGIN))}% of that vendor's rows, each source against bands ` +
    `built without it (×${THIN_VENDOR_UNCHECKED} where its rows come from fewer than two sources, or there are none); the "thin vendor" column names it.`,
);
out();
out(`| family | band | all vendors | nvidia | amd | apple | intel | engine not fitted | thin vendor |`);
out(`|---|---|---|---|---|---|---|---|---|`);
const ordinal = (n: number) => `${n}${n % 1 === 0 && n % 10 === 1 && n % 100 !== 11 ? "st" : n % 1 === 0 && n % 10 === 2 && n % 100 !== 12 ? "nd" : n % 1 === 0 && n % 10 === 3 && n % 100 !== 13 ? "rd" : "th"}`;
const showBand = (b?: Band) => (b ? `×${b.low}–×${b.high}` : "—");
const showThin = (w: number | Partial<Record<Platform, number>> | undefined) =>
  w == null || w === 1 ? "—" : typeof w === "number" ? `×${w} (log)` : Object.entries(w).map(([vendor, k]) => `${vendor} ×${k}`).join(", ") + " (log)";
for (const family of METRIC_FAMILIES) {
  const f = bands.families?.[family];
  const choice = derived.choice[family];
  if (!f || !choice) continue;
  const [level, widen, symmetric] = choice.candidate;
  const checked = Number.isNaN(choice.nestedCoverage) ? " (one source: coverage not checkable)" : `; ${pct(choice.nestedCoverage)} of ${choice.sources} sources' rows inside`;
  const tail = Number(((100 * (1 - level)) / 2).toFixed(1));
  const kind = symmetric ? `± the ${ordinal(100 * level)} percentile of the log error (symmetric)` : `${ordinal(tail)}–${ordinal(100 - tail)} percentile`;
  out(`| ${family} | ${kind}${widen > 1 ? `, widened ×${widen} (log)` : ""}${checked} | ${showBand(f.all)} | ${showBand(f.nvidia)} | ${showBand(f.amd)} | ${showBand(f.apple)} | ${showBand(f.intel)} | ${showBand(bands.unseenEngine?.[family])} | ${showThin(bands.thinVendor?.[family])} |`);
}
out();
out(`## How the knobs are fitted`);
out();
out(
  `The model is a roofline, not a lookup table (lib/model/plan.ts, inference.ts, training.ts). Decode time per token is the largest ` +
    `of three ceilings (weights ÷ effective bandwidth + KV cache ÷ (bandwidth × KV efficiency), with HBM parts at a share of the ` +
    `engine's efficiency; matrix FLOPs ÷ effective peak; GGUF unpacking, its operations per weight by format, ÷ FP32 vector peak) plus a fixed per-layer cost (for engines driven ` +
    `by an eager PyTorch loop, which runs ahead of the GPU, the larger of the two rather than their sum). Prefill is ` +
    `dense FLOPs ÷ (the peak the engine's kernels can reach × its prefill efficiency: the FP16-accumulate peak on GeForce for ` +
    `llama.cpp, the mma.sync share of Hopper's peak for engines without wgmma) plus attention at its own efficiency, one pass over the ` +
    `weights, tensor-parallel all-reduces and a fixed time per request. Training is matrix FLOPs ÷ (16-bit peak × MFU) plus ` +
    `element-wise work (bound by the slower of its traffic over bandwidth and its FP32 operations), the optimizer step's bytes per ` +
    `parameter ÷ bandwidth and the non-overlapped gradient all-reduce; vision training is also held at a per-GPU floor of seconds per image that published rates on the fastest GPUs show (calibration.ts visionInputSecondsPerSample; fitted on synthetic-data runs, so not the input pipeline).`,
);
out();
out(
  `Knobs are per engine × vendor at most, never per GPU. lib/model/fit.ts fits them by coordinate descent (passes until one lowers the objective by less than ${CONVERGED * 100}%, at most ${sweeps}; each ` +
    `knob: 9-point log grid over its bounds, then golden-section refinement) on Σ ln(predicted ÷ measured)² + ${RIDGE} · Σ ln(knob ÷ prior)², ` +
    `from ${FIT_STARTS.length} starts (the priors, and the priors with ${Object.entries(FIT_STARTS[1] ?? {}).map(([k, v]) => `${k} = ${v}`).join(", ")}: the ` +
    `sustained-clock pair has two basins and a source's rows can tip the descent into the shallower one), keeping the lower objective. ` +
    `${final.fitted.length} knobs have data; the rest stay at their priors. Engines fitted to at least one measurement: ${fittedEngines.join(", ")}.`,
);
out();
out(`| knob | prior | fitted |`);
out(`|---|---|---|`);
for (const id of final.fitted) out(`| ${id} | ${Number(PRIOR_KNOBS[id].toPrecision(3))} | ${Number(getKnob(id).toPrecision(3))} |`);
out();
out(`## The measured-results ledger`);
out();
out(
  `Runs visitors submit at /measurements (llama-bench and vllm bench serve output, or one typed figure) enter this evaluation only ` +
    `after an editor accepts them: \`npm run -s advisor -- ledger export > tests/fixtures/measurements/ledger.json\` writes the accepted ` +
    `runs in the fixture format under one source id, gpu-advisor-ledger, so they are fitted and held out like any published source ` +
    `(their error shows under that source above once exported) and the error bands this run writes include them. Abuse is kept out ` +
    `before that: every run is queued, runs outside 0.2×–5× of the estimate are flagged for review rather than dropped, identical ` +
    `runs collapse into one row, each client (the trusted-proxy address, stored only as a salted hash) may store 20 submissions an ` +
    `hour, and each accept/reject is audited and reversible. /accuracy scores the shipped model live on these fixtures and the ` +
    `accepted ledger. Details: docs/ledger.md.`,
);
out();
out(`## Worst held-out cases`);
out();
out(`| measurement | GPU | metric | engine | measured | predicted (held-out) | error | source |`);
out(`|---|---|---|---|---|---|---|---|`);
const worst = cases
  .map((_, i) => i)
  .filter((i) => err(heldOut[i], i) != null)
  .sort((a, b) => err(heldOut[b], b)! - err(heldOut[a], a)!)
  .slice(0, 15);
for (const i of worst) {
  const m = cases[i].measurement;
  out(`| ${m.id} | ${m.gpu} | ${m.metric} | ${engineOfCase[i]} | ${m.value} | ${heldOut[i]!.toPrecision(4)} | ${pct(err(heldOut[i], i)!)} | [${cases[i].source}](${m.sourceUrl}) |`);
}
const unscored = [...missing.map((m) => m.id), ...cases.filter((_, i) => heldOut[i] == null).map((c) => c.measurement.id)];
if (unscored.length) {
  out();
  out(`Not scored (GPU missing from the catalog or no prediction): ${unscored.join(", ")}`);
}
if (process.argv.includes("--all")) {
  cases.forEach((c, i) => {
    const m = c.measurement;
    console.log(
      `${m.metric.padEnd(26)} ${m.gpu.padEnd(22)} ${engineOfCase[i].padEnd(13)} ${String(m.value).padStart(9)} ${String(heldOut[i]?.toPrecision(4)).padStart(9)} ${String(inSample[i]?.toPrecision(4)).padStart(9)} ${pct(err(heldOut[i], i) ?? NaN).padStart(7)}  ${m.id}`,
    );
  });
}
console.error(`eval: ${((Date.now() - started) / 1000).toFixed(1)} s`);

if (write) {
  const known = Object.keys(ENGINE_FACTORS);
  fs.writeFileSync(
    path.join(process.cwd(), "lib", "model", "fitted-knobs.json"),
    JSON.stringify({ generatedBy: "npm run eval", knobs: final.knobs, engines: fittedEngines.filter((e) => known.includes(e)) }, null, 2) + "\n",
  );
  fs.writeFileSync(
    path.join(process.cwd(), "lib", "model", "error-bands.json"),
    JSON.stringify({ generatedBy: "npm run eval", coverage: COVERAGE, rules: bands.rules, thinVendor: bands.thinVendor, families: bands.families, unseenEngine: bands.unseenEngine }, null, 2) + "\n",
  );
  fs.writeFileSync(path.join(process.cwd(), "docs", "accuracy.md"), lines.join("\n") + "\n");
  // GPUs with a published measurement: their estimates are labelled "calibrated".
  const measured = [...new Set(measurements.map((m) => m.gpu))].sort();
  fs.writeFileSync(path.join(process.cwd(), "lib", "model", "measured-gpus.json"), JSON.stringify(measured, null, 2) + "\n");
}
