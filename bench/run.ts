// `npm run bench`: measures the auth flows side by side in one run and prints a Markdown table.
// Each producer adds rows; to add a measurement, import its producer and append it to the list.
import { callOverheadRows } from "./call-overhead.js";
import { flowStoreRows } from "./flows-stores.js";
import { parallelCallRows } from "./parallel-calls.js";
import { sandboxRows } from "./sandbox.js";
import { startupRows } from "./startup.js";
import { markdownTable, type Row, type RowProducer } from "./table.js";
import { wireRequestRows } from "./wire-requests.js";

// The in-process measures of a few microseconds run first, before other producers leave servers and garbage behind.
const producers: RowProducer[] = [callOverheadRows, startupRows, wireRequestRows, parallelCallRows, flowStoreRows, sandboxRows];

const rows: Row[] = [];
for (const produce of producers) rows.push(...(await produce()));
console.log(markdownTable(rows));
console.log(`\nNode.js ${process.version}, ${new Date().toISOString()}`);
