import pkg from "node-sql-parser/build/postgresql.js";
const { Parser } = pkg;
const p = new Parser();
const qs = process.argv.slice(2).length ? process.argv.slice(2) : [
 "SELECT a ILIKE 'b%', x NOT LIKE 'y' FROM events",
 "SELECT arg_max(path, ts), count(*)::DOUBLE, nullif(a,''), greatest(a,b) FROM events WHERE x IN ('a','b') AND y BETWEEN 1 AND 2",
 "SELECT * FROM events WHERE ts > TIMESTAMP '2024-01-01' AND local_ts::DATE = DATE '2024-01-02'",
 "SELECT * FROM events WHERE ts > now() - INTERVAL 1 DAY",
 "SELECT round(100.0 * a / b, 1), regexp_matches(path, '^/blog'), contains(path, 'x'), starts_with(path, '/') FROM events",
 "SELECT DISTINCT path FROM events ORDER BY path DESC NULLS LAST",
 "SELECT path, count(*) FROM events GROUP BY ALL ORDER BY ALL",
 "SELECT current_date, today(), epoch(ts) FROM events",
 "SELECT x IS DISTINCT FROM y FROM events",
 "SELECT a.x FROM events AS a WHERE EXISTS (SELECT 1 FROM sessions s WHERE s.visitor_id = a.visitor_id)",
 "SELECT (SELECT count(*) FROM sessions) AS n",
 "SELECT * FROM (SELECT 1) t",
 "SELECT list(path) FROM events",
 "SELECT prop(props, 'plan') FROM events",
 "SELECT coalesce(x, 'a'), lower(x), upper(x), length(x), substr(x,1,2), substring(x, 1, 2), substring(x FROM 1 FOR 2), concat(a,b), a || b, replace(a,'b','c') FROM events",
 "SELECT make_timestamp(2024,1,1,0,0,0), to_timestamp(1), epoch_us(ts), date_diff('day', a, b), datediff('day', a, b) FROM events",
 "SELECT lag(x) OVER w, lead(x, 1) OVER (ORDER BY ts), first_value(x) OVER (ORDER BY ts), rank() OVER (ORDER BY x), dense_rank() OVER (ORDER BY x) FROM events WINDOW w AS (ORDER BY ts)",
 "SELECT median(x), quantile_cont(x, 0.9), approx_count_distinct(visitor_id), stddev(x), mode(x) FROM events",
 "SELECT count(*) AS n FROM events WHERE name = 'signup' AND props LIKE '%\"plan\":\"pro\"%'",
 "SELECT abs(-1), floor(1.5), ceil(1.5), ceiling(1.5), power(2,3), sqrt(4), ln(2), log10(2)",
 "SELECT * FROM events e INNER JOIN sessions s ON s.visitor_id = e.visitor_id AND s.start_ts <= e.ts",
 "SELECT 1 AS \"weird \"\"name\"",
 "SELECT try_cast(x AS INTEGER) FROM events",
];
for (const q of qs) {
  try { const ast = p.astify(q, { database: "postgresql" }); console.log("OK ", q); if (process.argv.length>2) console.log(JSON.stringify(ast, null, 1)); }
  catch (e) { console.log("ERR", q, "::", String(e.message).slice(0, 150)); }
}
