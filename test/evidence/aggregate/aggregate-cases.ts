// The aggregate test cases that every engine and reader is compared on: the built-in engine against
// DuckDB and the printed SQL (aggregate-sql.test.ts), the byte reader against csv-parse (aggregate-bytes.test.ts).

// Line 1 is the header; row id n is on line n + 1 (the rows of test/evidence/aggregate.test.ts, and a quoted field).
export const INCIDENTS = `id,date,category,district,arrest,amount,reported
1,2019-01-05,BURGLARY,1,true,10,2019-01-06
2,2019-01-20T08:00:00,THEFT,1,false,5.5,2019-02-01
3,2019-02-03 23:59:59,BURGLARY,2,false,2,2019-02-04
4,2019-04-01,BURGLARY,1,false,1,2019-04-01
5,2019-05-15,THEFT,2,true,4,2019-06-30
6,2020-01-01,BURGLARY,1,true,3,2020-01-02
7,2020-03-31,ROBBERY,3,false,7,2020-04-02
8,2020-03-31,"THEFT",  3 ,false,1.25,2020-04-03
`;

/** Each descriptor is read beside INCIDENTS (as x.yaml beside x.csv) by both engines. */
export const CASES: Array<[string, string]> = [
  ['count by year, metric and region from columns', 'aggregate: { count: rows, period: { column: date, by: year }, metric: { column: category }, region: { column: district } }\n'],
  ['by quarter', 'aggregate: { count: rows, period: { column: date, by: quarter }, metric: { column: category }, region: { column: district } }\n'],
  ['by month, a metric map and a fixed region and unit', 'fixed: { region: Testville, unit: incidents }\naggregate:\n  count: rows\n  period: { column: date, by: month }\n  metric: { column: category, map: { BURGLARY: burglaries, THEFT: thefts } }\n'],
  ['a map sending two names to one metric', 'fixed: { region: Testville }\naggregate: { count: rows, period: { column: date, by: year }, metric: { column: category, map: { BURGLARY: property, THEFT: property } } }\n'],
  ['a sum, exactly', 'fixed: { region: Testville, metric: damage }\naggregate: { sum: amount, period: { column: date, by: year } }\n'],
  ['in and equals filters', 'fixed: { region: Testville }\naggregate:\n  count: rows\n  period: { column: date, by: year }\n  metric: { column: category }\n  where:\n    - { column: district, in: [1, 2] }\n    - { column: arrest, equals: "true" }\n'],
  ['a date range on the period column', 'fixed: { region: R, metric: m }\naggregate: { count: rows, period: { column: date, by: year }, where: [{ column: date, from: 2019-02-01, to: 2019-12-31 }] }\n'],
  ['a range given as periods', 'fixed: { region: R, metric: m }\naggregate: { count: rows, period: { column: date, by: quarter }, where: [{ column: date, from: 2019-Q2 }] }\n'],
  ['a date range on another column', 'fixed: { region: R, metric: m }\naggregate: { count: rows, period: { column: date, by: month }, where: [{ column: reported, to: 2019-06-29 }] }\n'],
  ['a value listed in a filter but in no row', 'fixed: { metric: m }\naggregate: { count: rows, period: { column: date, by: year }, region: { column: district }, where: [{ column: district, in: [3, 9] }] }\n'],
  ['a map on the region and a filter on the metric', 'fixed: { unit: incidents }\naggregate:\n  count: rows\n  period: { column: date, by: month }\n  metric: { column: category, map: { THEFT: thefts } }\n  region: { column: district, map: { "1": North, "2": South, "3": South } }\n  where: [{ column: category, in: [THEFT, ARSON] }]\n'],
];
