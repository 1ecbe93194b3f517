import { csvField, csvLine, detectDelimiter, parseCsv } from "@/domain/csv";

function ok(text: string) {
  const result = parseCsv(text);
  if (!result.ok) throw new Error(result.error);
  return result;
}

describe("parseCsv", () => {
  it("reads a header and records with their line numbers", () => {
    const result = ok("name,domain\nAcme,acme.com\nGlobex,globex.com\n");
    expect(result.header).toEqual(["name", "domain"]);
    expect(result.records).toEqual([
      { line: 2, cells: ["Acme", "acme.com"] },
      { line: 3, cells: ["Globex", "globex.com"] },
    ]);
  });

  it("handles quoted fields with commas, doubled quotes and line breaks, and counts lines across them", () => {
    const result = ok('name,notes\r\n"Acme, Inc.","said ""hi""\r\nthen left"\r\nGlobex,plain\r\n');
    expect(result.records).toEqual([
      { line: 2, cells: ["Acme, Inc.", 'said "hi"\nthen left'] },
      { line: 4, cells: ["Globex", "plain"] },
    ]);
  });

  it("accepts CR line ends, a byte-order mark, blank lines, a missing final newline and empty fields", () => {
    const result = ok('\uFEFFa,b\r1,\r\r"",2');
    expect(result.header).toEqual(["a", "b"]);
    expect(result.records).toEqual([
      { line: 2, cells: ["1", ""] },
      { line: 4, cells: ["", "2"] },
    ]);
  });

  it("keeps rows with more or fewer cells than the header for the caller to report", () => {
    expect(ok("a,b\n1\n1,2,3").records.map((r) => r.cells.length)).toEqual([1, 3]);
  });

  it("detects semicolons as Excel writes them in many locales", () => {
    expect(detectDelimiter('name;"a,b";c\n1,2')).toBe(";");
    expect(detectDelimiter("name,email;x\n")).toBe(",");
    const result = ok("name;value\nAcme;1,5\n");
    expect(result.delimiter).toBe(";");
    expect(result.records[0]?.cells).toEqual(["Acme", "1,5"]);
  });

  it("names the line of a quoted field that is never closed", () => {
    expect(parseCsv('a,b\n1,2\n3,"oops\n4,5\n')).toEqual({
      ok: false,
      line: 3,
      error: expect.stringMatching(/^Line 3: a quoted field starts here and is never closed/),
    });
  });

  it("names the line of a quote in the middle of an unquoted field", () => {
    const result = parseCsv('a,b\n1,2\n3,4\nfive,si"x\n');
    expect(result).toMatchObject({ ok: false, line: 4 });
    expect(!result.ok && result.error).toMatch(/^Line 4: a quote inside a field/);
  });

  it("names the line of text after a closing quote, counting the lines inside quotes", () => {
    const result = parseCsv('a,b\n"multi\nline",1\n"x"y,2\n');
    expect(result).toMatchObject({ ok: false, line: 4 });
    expect(!result.ok && result.error).toMatch(/unexpected text after a closing quote/);
  });

  it("refuses an empty file", () => {
    expect(parseCsv("\n\n")).toMatchObject({ ok: false, error: expect.stringMatching(/empty/) });
  });
});

describe("csvField and csvLine", () => {
  it("quotes only what needs quoting, and doubles quotes", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField(" padded")).toBe('" padded"');
    expect(csvField(null)).toBe("");
    expect(csvField(undefined)).toBe("");
    expect(csvField(12.5)).toBe("12.5");
    expect(csvField(-3)).toBe("-3");
    expect(csvField(["a", "b"])).toBe('"a; b"');
  });

  it("defuses text a spreadsheet would run as a formula", () => {
    expect(csvField("=SUM(A1:A9)")).toBe("'=SUM(A1:A9)");
    expect(csvField("@cmd")).toBe("'@cmd");
    expect(csvField("-1+2")).toBe("'-1+2");
    expect(csvField("=x", { guardFormulas: false })).toBe("=x");
  });

  it("round-trips through parseCsv", () => {
    const rows = [
      ["name", "notes"],
      ["Acme, Inc.", 'He said "no"\nand left'],
      ["", " x "],
    ];
    const text = rows.map(csvLine).join("");
    const result = ok(text);
    expect([result.header, ...result.records.map((r) => r.cells)]).toEqual([["name", "notes"], rows[1], rows[2]]);
  });
});
