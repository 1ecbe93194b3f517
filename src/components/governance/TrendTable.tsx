export type TrendSeries<Row> = { key: keyof Row & string; label: string };

/** A trend chart's rows for screen readers: one row per week or month, one column per series. */
export function TrendTable<Row extends { bucket: string }>({
  rows,
  series,
  formatBucket,
  formatValue,
  caption,
}: {
  rows: readonly Row[];
  series: readonly TrendSeries<Row>[];
  formatBucket: (bucket: string) => string;
  formatValue: (value: number) => string;
  caption: string;
}) {
  return (
    <table className="sr-only">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Period</th>
          {series.map((line) => (
            <th key={line.key} scope="col">
              {line.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.bucket}>
            <td>{formatBucket(row.bucket)}</td>
            {series.map((line) => {
              const value = row[line.key];
              return <td key={line.key}>{typeof value === "number" ? formatValue(value) : ""}</td>;
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
