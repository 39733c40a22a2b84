/**
 * gpu.js kernel sources, kept as strings: gpu.js parses a kernel's JavaScript source, and a
 * string survives the app's bundler and minifier unchanged (a function would be rewritten).
 *
 * Conventions: matrices are N×N, row-major; `a[y][k]` is row y, column k. A kernel's output
 * `[width, height]` gives `this.thread.x` (column) and `this.thread.y` (row).
 */

/** Copies a flat input into a GPU texture once, so timed runs never include the upload. */
export const UPLOAD_SOURCE = `function(a) {
  return a[this.thread.y][this.thread.x];
}`;

/** Packs four consecutive floats per texel (RGBA), for the vector kernels. */
export const UPLOAD_VEC4_SOURCE = `function(a) {
  const x = this.thread.x * 4;
  const y = this.thread.y;
  return [a[y][x], a[y][x + 1], a[y][x + 2], a[y][x + 3]];
}`;

/** Reads one value: a tiny readback that waits for every kernel queued before it (a fence). */
export const FENCE_SOURCE = `function(c) {
  return c[0][0];
}`;

export const FENCE_VEC4_SOURCE = `function(c) {
  const v = c[0][0];
  return v[0];
}`;

export interface MatmulVariant {
  name: string;
  description: string;
  source: string;
  /** Output columns computed by one thread (1, or 4 with an RGBA result). */
  columnsPerThread: 1 | 4;
}

/** C = A·B, one output per thread, the textbook loop. */
const NAIVE: MatmulVariant = {
  name: "naive",
  description: "one output per thread",
  columnsPerThread: 1,
  source: `function(a, b) {
  let sum = 0;
  for (let k = 0; k < this.constants.n; k++) {
    sum += a[this.thread.y][k] * b[k][this.thread.x];
  }
  return sum;
}`,
};

/** The inner loop unrolled by four: fewer loop tests and index updates per multiply-add. */
const UNROLL4: MatmulVariant = {
  name: "unroll4",
  description: "one output per thread, inner loop unrolled ×4",
  columnsPerThread: 1,
  source: `function(a, b) {
  const y = this.thread.y;
  const x = this.thread.x;
  let sum = 0;
  for (let k = 0; k < this.constants.n; k += 4) {
    sum += a[y][k] * b[k][x] + a[y][k + 1] * b[k + 1][x] + a[y][k + 2] * b[k + 2][x] + a[y][k + 3] * b[k + 3][x];
  }
  return sum;
}`,
};

/**
 * Four outputs per thread (a 1×4 register tile returned as RGBA): each a[y][k] read once serves
 * four multiply-adds, and the inner loop is unrolled by two.
 */
const BLOCK4: MatmulVariant = {
  name: "block4",
  description: "four outputs per thread (1×4 register tile), inner loop unrolled ×2",
  columnsPerThread: 4,
  source: `function(a, b) {
  const y = this.thread.y;
  const x = this.thread.x * 4;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let k = 0; k < this.constants.n; k += 2) {
    const a0 = a[y][k];
    const a1 = a[y][k + 1];
    s0 += a0 * b[k][x] + a1 * b[k + 1][x];
    s1 += a0 * b[k][x + 1] + a1 * b[k + 1][x + 1];
    s2 += a0 * b[k][x + 2] + a1 * b[k + 1][x + 2];
    s3 += a0 * b[k][x + 3] + a1 * b[k + 1][x + 3];
  }
  return [s0, s1, s2, s3];
}`,
};

export const MATMUL_VARIANTS: readonly MatmulVariant[] = [NAIVE, UNROLL4, BLOCK4];

/** Streams three RGBA float textures: reads x and y, writes 2x + y (48 bytes per texel). */
export const AXPY_VEC4_SOURCE = `function(x, y) {
  const a = x[this.thread.y][this.thread.x];
  const b = y[this.thread.y][this.thread.x];
  return [2 * a[0] + b[0], 2 * a[1] + b[1], 2 * a[2] + b[2], 2 * a[3] + b[3]];
}`;

/** Reads one RGBA texture and writes it back out (32 bytes per texel). */
export const COPY_VEC4_SOURCE = `function(x) {
  const a = x[this.thread.y][this.thread.x];
  return [a[0], a[1], a[2], a[3]];
}`;

/** Scalar axpy for backends without RGBA results (12 bytes per element). */
export const AXPY_SOURCE = `function(x, y) {
  return 2 * x[this.thread.y][this.thread.x] + y[this.thread.y][this.thread.x];
}`;
