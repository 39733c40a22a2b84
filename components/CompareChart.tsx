import type { CatalogGpu } from "@/lib/catalog/types";
import { formatFigure, FIGURES } from "@/lib/catalog/fields";
import { BarList } from "./ui/BarList";

/** The spec figures drawn as small multiples: one chart per figure, so each has one unit. */
const CHARTED = ["memoryGB", "memoryBandwidthGBps", "bf16TensorTflops", "fp32Tflops"] as const;

const TAKEAWAYS: Record<(typeof CHARTED)[number], string> = {
  memoryGB: "Memory decides what fits: model weights, KV cache and, for training, optimizer state.",
  memoryBandwidthGBps: "Bandwidth sets the pace of generating tokens one at a time (each token reads every weight).",
  bf16TensorTflops: "Tensor throughput sets the pace of prompt processing, batched serving and training.",
  fp32Tflops: "FP32 matters for older code paths and non-tensor work.",
};

/** Headline figures of the compared GPUs, one small chart per figure; the table below has every figure with its source. */
export function CompareChart({ gpus }: { gpus: CatalogGpu[] }) {
  return (
    <div className="bars" data-testid="spec-charts">
      {CHARTED.map((key) => {
        const meta = FIGURES.find((f) => f.key === key)!;
        return (
          <BarList
            key={key}
            title={`${meta.label} (${meta.unit})`}
            better="higher"
            note={TAKEAWAYS[key]}
            missing="not published"
            items={gpus.map((gpu) => ({ label: gpu.name, value: gpu[key] ?? null, text: formatFigure(gpu[key], meta) }))}
          />
        );
      })}
    </div>
  );
}
