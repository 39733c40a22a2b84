/**
 * Reads a request or response body as text, stopping (and cancelling the stream) as soon as it
 * passes `limit` bytes, so an oversized body is never held in memory: `tooLarge()` is thrown then.
 * Used for API request bodies (lib/http.ts) and Hub config.json downloads (lib/workload/hf-hub.ts).
 */
export async function readCapped(source: { body: ReadableStream<Uint8Array> | null }, limit: number, tooLarge: () => Error): Promise<string> {
  if (!source.body) return "";
  const reader = source.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}
