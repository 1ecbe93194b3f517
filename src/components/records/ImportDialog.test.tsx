import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ImportDialog } from "@/components/records/ImportDialog";
import { leadModel } from "@/domain/records/leads";
import { renderApp } from "@/test/render";
import { mockRpc, queryLog, resetSupabaseMock } from "@/test/supabase";

vi.mock("@/lib/supabase", () => import("@/test/supabase"));

beforeEach(resetSupabaseMock);

/** A chosen file; jsdom's File has no text(), which the dialog reads it with. */
const csv = (name: string, text: string) => Object.assign(new File([text], name, { type: "text/csv" }), { text: () => Promise.resolve(text) });

function openImport() {
  mockRpc({ import_duplicates: { data: [], error: null }, import_records: { data: { inserted: 0, skipped: [] }, error: null } });
  renderApp(<ImportDialog model={leadModel} onClose={vi.fn()} />);
  return screen.getByLabelText("CSV file");
}

const rpcCalls = () => queryLog.filter((entry) => entry.table.startsWith("rpc:")).map((entry) => entry.table);

test("a CSV with broken quoting is refused with the line to fix, before anything reaches the database", async () => {
  const user = userEvent.setup();
  await user.upload(openImport(), csv("leads.csv", 'Company,Email\nAcme,ada@acme.com\n"Globex,gus@globex.com\nInitech,ian@initech.com\n'));

  expect(await screen.findByRole("alert")).toHaveTextContent(
    "leads.csv: Line 3: a quoted field starts here and is never closed. Check for a missing closing quote.",
  );
  expect(screen.queryByRole("button", { name: /^Import \d/ })).toBeNull();
  expect(rpcCalls()).toEqual([]);
});

test("rows the form's rules refuse (a negative value, a 10,000-character company) are marked with their line and left out of the import", async () => {
  const user = userEvent.setup();
  const long = "x".repeat(10_000);
  await user.upload(openImport(), csv("leads.csv", `Company,Email,Value\nAcme,ada@acme.com,1500\nMinus Co,min@minus.co,-3\n${long},long@long.co,10\n`));

  const summary = await screen.findByRole("list", { name: "Summary" });
  expect(within(summary).getByText("1 ready to import")).toBeInTheDocument();
  expect(within(summary).getByText("2 with errors")).toBeInTheDocument();
  expect(screen.getByText("Value: Must be 0 or more")).toBeInTheDocument();
  expect(screen.getByText("Company: Use at most 200 characters")).toBeInTheDocument();

  await user.click(screen.getByRole("button", { name: "Import 1 lead" }));
  const sent = queryLog.find((entry) => entry.table === "rpc:import_records")?.args[0] as { rows: { company: string }[] };
  expect(sent.rows.map((row) => row.company)).toEqual(["Acme"]);
});
