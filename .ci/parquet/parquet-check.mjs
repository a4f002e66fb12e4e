// Reads one microdata export's Parquet file and its CSV (written from the
// same pass by `kinderstem export microdata --parquet`) with DuckDB, an
// engine that shares no code with the Go writer, and compares them: the
// column names and order, each column's type against the codebook
// (datapackage.json: string VARCHAR, integer INTEGER, number DOUBLE,
// boolean BOOLEAN), every value of every row in order (the CSV's empty
// cells are the Parquet file's nulls), and the codebook in the Parquet
// file's metadata against datapackage.json.
//
// usage: node parquet-check.mjs DIR SURVEY
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

const [dir, survey] = process.argv.slice(2);
if (!dir || !survey) {
  console.error('usage: node parquet-check.mjs DIR SURVEY');
  process.exit(2);
}
const csvPath = join(dir, `kinderstem-${survey}.csv`);
const pqPath = join(dir, `kinderstem-${survey}.parquet`);
const dp = JSON.parse(readFileSync(join(dir, 'datapackage.json'), 'utf8'));
const resource = dp.resources.find((r) => r.name === survey);
if (!resource) fail(`datapackage.json has no resource ${survey}`);
const fields = resource.schema.fields;
const duckType = { string: 'VARCHAR', integer: 'INTEGER', number: 'DOUBLE', boolean: 'BOOLEAN' };

function fail(msg) {
  console.error(`parquet-check: FAIL: ${msg}`);
  process.exit(1);
}
const sql = (s) => `'${s.replaceAll("'", "''")}'`;

const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();

// The Parquet file as DuckDB reads it: names and types.
const described = (await con.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${sql(pqPath)})`)).getRowObjects();
if (described.length !== fields.length) fail(`${described.length} Parquet columns, the codebook has ${fields.length}`);
fields.forEach((f, i) => {
  const d = described[i];
  if (d.column_name !== f.name) fail(`column ${i + 1} is ${d.column_name} in the Parquet file, ${f.name} in the codebook`);
  if (d.column_type !== duckType[f.type]) fail(`${f.name}: DuckDB reads ${d.column_type} from the Parquet file, the codebook says ${f.type}`);
});

// The CSV read with the codebook's types, every cell kept as written.
const columns = '{' + fields.map((f) => `${sql(f.name)}: ${sql(duckType[f.type])}`).join(', ') + '}';
const delim = resource.dialect.delimiter;
if (delim !== ',') fail(`this check reads comma-separated files; the export used ${delim}`);
const csvSQL = `SELECT * FROM read_csv(${sql(csvPath)}, header = true, delim = ',', quote = '"', escape = '"',
  nullstr = '', columns = ${columns}, auto_detect = false)`;
const csv = (await con.runAndReadAll(csvSQL)).getRows();
const pq = (await con.runAndReadAll(`SELECT * FROM read_parquet(${sql(pqPath)})`)).getRows();
if (csv.length === 0) fail('the CSV has no rows');
if (csv.length !== pq.length) fail(`${csv.length} CSV rows, ${pq.length} Parquet rows`);
const shown = (v) => (v === null ? 'null' : JSON.stringify(typeof v === 'bigint' ? String(v) : v));
let nulls = 0, codes = 0;
for (let r = 0; r < csv.length; r++) {
  for (let c = 0; c < fields.length; c++) {
    const a = csv[r][c], b = pq[r][c];
    if (a === null) nulls++;
    if (typeof a === 'number' && a < 0 && fields[c].type === 'integer') codes++;
    if (!(a === b || (typeof a === 'number' && typeof b === 'number' && Object.is(a, b)))) {
      fail(`row ${r + 1}, ${fields[c].name}: CSV ${shown(a)}, Parquet ${shown(b)}`);
    }
  }
}
if (nulls === 0 || codes === 0) fail(`the export has ${nulls} empty cells and ${codes} missing codes: nothing to compare them on`);

// The codebook the Parquet file carries is datapackage.json's.
const kv = (await con.runAndReadAll(`SELECT decode(value) AS v FROM parquet_kv_metadata(${sql(pqPath)}) WHERE decode(key) = 'kinderstem.codebook'`)).getRowObjects();
if (kv.length !== 1) fail('the Parquet file has no kinderstem.codebook metadata');
const cb = JSON.parse(kv[0].v);
fields.forEach((f, i) => {
  const col = cb.columns[i];
  const want = JSON.stringify({ name: f.name, labels: f.categories ?? [], missing: (f.missingValues ?? []).map((m) => m.label), protection: f.protection ?? [] });
  const got = JSON.stringify({ name: col.name, labels: col.labels ?? [], missing: (col.missing ?? []).map((m) => m.label), protection: col.protection ?? [] });
  if (got !== want) fail(`${f.name}: the Parquet codebook says ${got}, datapackage.json ${want}`);
});

console.log(`parquet-check: DuckDB read ${pq.length} rows × ${fields.length} columns of ${survey} from Parquet and CSV: same names, types, values (${nulls} nulls, ${codes} missing codes) and codebook`);
