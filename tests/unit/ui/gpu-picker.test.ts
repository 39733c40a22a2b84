import { describe, expect, it } from "vitest";
import { matchesQuery, type PickerGpu } from "@/components/ui/GpuPicker";

const rtx4090: PickerGpu = { slug: "rtx-4090", name: "GeForce RTX 4090", detail: "NVIDIA · 24 GB" };
const h100: PickerGpu = { slug: "h100-sxm", name: "NVIDIA H100 SXM5 80GB", detail: "NVIDIA · 80 GB" };

describe("the GPU picker's search", () => {
  it("finds a GPU by any words of its name, vendor or memory, in any case and order", () => {
    expect(matchesQuery(rtx4090, "4090")).toBe(true);
    expect(matchesQuery(rtx4090, "nvidia 24 gb")).toBe(true);
    expect(matchesQuery(h100, "sxm H100")).toBe(true);
    expect(matchesQuery(h100, "4090")).toBe(false);
  });

  it("matches everything on an empty query", () => {
    expect(matchesQuery(h100, "  ")).toBe(true);
  });
});
