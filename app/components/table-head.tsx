/** The header row of the dashboard's list tables; numeric columns are right-aligned like their cells. */
export function TableHead({ columns }: { columns: Array<string | { label: string; numeric: true }> }) {
  return (
    <thead>
      <tr className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500">
        {columns.map((column) => {
          const label = typeof column === "string" ? column : column.label;
          return (
            <th
              key={label}
              scope="col"
              className={`px-4 py-2 font-medium ${typeof column === "string" ? "" : "text-right"}`}
            >
              {label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}
