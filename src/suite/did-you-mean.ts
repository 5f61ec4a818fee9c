/** "Did you mean …?" suggestions for unknown keys and names. */

/** Levenshtein distance, bounded by `max` so that long strings cost little. */
export function editDistance(a: string, b: string, max = 8): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      row.push(value);
      best = Math.min(best, value);
    }
    if (best > max) return max + 1;
    prev = row;
  }
  return prev[b.length] ?? max + 1;
}

/** Candidates close to `name` (case-insensitive), closest first; at most `limit`. */
export function closeNames(name: string, candidates: Iterable<string>, limit = 3): string[] {
  const lower = name.toLowerCase();
  const threshold = Math.max(1, Math.min(3, Math.floor(name.length / 3)));
  const scored: Array<[string, number]> = [];
  for (const candidate of candidates) {
    const d = editDistance(lower, candidate.toLowerCase(), threshold);
    const prefix = candidate.toLowerCase().startsWith(lower) || lower.startsWith(candidate.toLowerCase());
    if (d <= threshold || (prefix && lower.length >= 3)) scored.push([candidate, d]);
  }
  scored.sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
  return scored.slice(0, limit).map(([c]) => c);
}

/** `did you mean "x"?` / `did you mean "x" or "y"?`, or undefined when nothing is close. */
export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  const close = closeNames(name, candidates);
  if (close.length === 0) return undefined;
  return `did you mean ${close.map((c) => `"${c}"`).join(' or ')}?`;
}
