/**
 * Decoding the report's encoded HDR histograms (compressed base64, V2) for the charts, and
 * merging several (a compare page rebuilds a step's distribution from its interval buckets).
 */
import { build, decodeFromCompressedBase64, type Histogram } from 'hdr-histogram-js';

/** The decoded histogram, or null when the string is empty or not a valid encoding. */
export function decodeHistogram(encoded: string): Histogram | null {
  if (encoded === '') return null;
  try {
    // Pure JS (no WebAssembly): rendering is not hot, and the JS version needs no init.
    return decodeFromCompressedBase64(encoded, 'packed', false);
  } catch {
    // A corrupt histogram must not break the page; the chart shows "no data" instead.
    return null;
  }
}

/** Adds every decodable histogram into one; null when none decoded or all are empty. */
export function mergeEncoded(encoded: readonly string[]): Histogram | null {
  let merged: Histogram | null = null;
  for (const e of encoded) {
    const h = decodeHistogram(e);
    if (h === null || h.totalCount === 0) continue;
    if (merged === null) {
      merged = build({ bitBucketSize: 'packed', useWebAssembly: false });
    }
    merged.add(h);
  }
  return merged;
}
