/** Query, path and header values travel as text; the schemas speak of their decoded types. */
export function decodeParameter(value: string, type: string | undefined): unknown {
  if (type === "integer" && /^-?\d+$/.test(value)) return integerAtMost(value);
  if ((type === "integer" || type === "number") && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (type === "boolean" && (value === "true" || value === "false")) return value === "true";
  return value;
}

const float = new Float64Array(1);
const bits = new BigInt64Array(float.buffer);

/**
 * The integer the text names, or, past 2 ** 53 where a double cannot hold every integer, the
 * largest double not above it (never the nearest: `9223372036854775807`, the largest int64, would
 * become 2 ** 63 and fail the int64 range). A lower bound (`minimum`) and an exclusive upper bound
 * (the int64 range) then decide as for the exact value.
 */
function integerAtMost(text: string): number {
  const exact = BigInt(text);
  const nearest = Number(exact);
  if (BigInt(nearest) <= exact) return nearest;
  // The next double towards -∞: the bit pattern one step towards zero for a positive, away for a negative.
  float[0] = nearest;
  bits[0]! += nearest > 0 ? -1n : 1n;
  return float[0]!;
}
