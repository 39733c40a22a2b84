/**
 * The arithmetic behind the benchmark figures. Pure; units in names (seconds, bytes, FLOP).
 */

/** FLOP in one N×N by N×N matrix multiply: N³ multiply-adds, two FLOP each. matmulFlop(256) = 33,554,432. */
export function matmulFlop(n: number): number {
  return 2 * n ** 3;
}

/** GFLOPS from work and time: gflops(33_554_432, 0.1) = 0.3355 (a 256² multiply in 100 ms). */
export function gflops(flop: number, seconds: number): number {
  if (!(seconds > 0)) throw new RangeError("seconds must be positive");
  return flop / seconds / 1e9;
}

/** GB/s (10⁹ bytes per second) from bytes moved and time: gigabytesPerSecond(48e6, 0.02) = 2.4. */
export function gigabytesPerSecond(bytes: number, seconds: number): number {
  if (!(seconds > 0)) throw new RangeError("seconds must be positive");
  return bytes / seconds / 1e9;
}

/**
 * Bytes one streaming kernel moves: texels × bytes per texel × (textures read + textures written).
 * An RGBA float32 texel holds 16 bytes, so axpy (read x, read y, write out) over 1024×1024 texels
 * moves 1,048,576 × 16 × 3 = 50,331,648 bytes.
 */
export function streamedBytes(texels: number, bytesPerTexel: number, texturesRead: number, texturesWritten: number): number {
  return texels * bytesPerTexel * (texturesRead + texturesWritten);
}

/** The median: the middle value, or the mean of the two middle values. median([3, 1, 2]) = 2; median([4, 1, 3, 2]) = 2.5. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError("median of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * A quantile by linear interpolation between order statistics (the common "type 7" definition,
 * as in R and NumPy's default): quantile([1, 2, 3, 4], 0.25) = 1.75.
 */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new RangeError("quantile of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

/** Measured as a fraction of a peak, or null without a peak: fractionOfPeak(500, 1000) = 0.5. */
export function fractionOfPeak(measured: number | null, peak: number | null | undefined): number | null {
  if (measured == null || peak == null || !(peak > 0)) return null;
  return measured / peak;
}
