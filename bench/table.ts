/** One line of the benchmark table. */
export interface Row {
  readonly measure: string;
  readonly result: string;
  readonly goal: string;
}

/** Produces some rows of the table; `run.ts` lists them in the order they are printed. */
export type RowProducer = () => Promise<Row[]>;

export function markdownTable(rows: readonly Row[]): string {
  const lines = [["measure", "result", "goal"], ["---", "---", "---"], ...rows.map((row) => [row.measure, row.result, row.goal])];
  return lines.map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}
