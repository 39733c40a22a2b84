/** Case-insensitive: every word of the query appears in one of the texts ("h100 sxm" matches "NVIDIA H100 SXM5"). */
export function matchesSearch(query: string, texts: (string | null | undefined)[]): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = texts.filter(Boolean).join(" ").toLowerCase();
  return words.every((word) => haystack.includes(word));
}
