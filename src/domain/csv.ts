/**
 * CSV as spreadsheets write it (RFC 4180): fields separated by a comma (or a semicolon, as Excel
 * writes in many European locales), optionally wrapped in double quotes, `""` for a quote inside
 * a quoted field, and commas, quotes and line breaks allowed inside quotes. Lines end in CRLF, LF
 * or CR; a UTF-8 byte-order mark is dropped. Broken quoting is an error naming the line, never a
 * silent guess.
 */

export type CsvRecord = {
  /** The 1-based line of the file where this record starts (a quoted line break spans lines). */
  line: number;
  cells: string[];
};

export type CsvParseResult =
  | { ok: true; delimiter: "," | ";"; header: string[]; records: CsvRecord[] }
  | { ok: false; line: number; error: string };

export type CsvParseOptions = {
  /** Defaults to whichever of comma and semicolon the header line uses more (outside quotes). */
  delimiter?: "," | ";";
};

/** Counts commas and semicolons outside quotes on the first line to pick the delimiter. */
export function detectDelimiter(text: string): "," | ";" {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === "\n" || char === "\r")) break;
    else if (!quoted && char === ",") commas += 1;
    else if (!quoted && char === ";") semicolons += 1;
  }
  return semicolons > commas ? ";" : ",";
}

/**
 * Parses a whole file. The first non-blank record is the header; blank lines are skipped. Records
 * keep the number of cells they have: checking that against the header is the caller's job, so
 * it can be reported per row.
 */
export function parseCsv(input: string, options: CsvParseOptions = {}): CsvParseResult {
  const text = input.startsWith("\uFEFF") ? input.slice(1) : input;
  const delimiter = options.delimiter ?? detectDelimiter(text);
  const records: CsvRecord[] = [];

  let line = 1;
  let recordLine = 1;
  let cells: string[] = [];
  let cell = "";
  // "start": at the beginning of a field; "unquoted"/"quoted": inside one; "closed": after its closing quote.
  let state: "start" | "unquoted" | "quoted" | "closed" = "start";
  let quoteLine = 1;

  const endRecord = () => {
    cells.push(cell);
    // A line with nothing on it is not a record.
    if (!(cells.length === 1 && cells[0] === "" && state !== "closed")) records.push({ line: recordLine, cells });
    cells = [];
    cell = "";
    state = "start";
  };

  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    const isBreak = char === "\n" || char === "\r";

    if (state === "quoted") {
      if (char === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 1;
        } else {
          state = "closed";
        }
      } else {
        if (isBreak) {
          // Line breaks inside a field become "\n", whichever the file used.
          if (char === "\r" && text[i + 1] === "\n") i += 1;
          cell += "\n";
          line += 1;
          continue;
        }
        cell += char;
      }
      continue;
    }

    if (char === delimiter) {
      cells.push(cell);
      cell = "";
      state = "start";
      continue;
    }

    if (isBreak) {
      endRecord();
      if (char === "\r" && text[i + 1] === "\n") i += 1;
      line += 1;
      recordLine = line;
      continue;
    }

    if (state === "closed") {
      return {
        ok: false,
        line,
        error: `Line ${line}: unexpected text after a closing quote. A quoted field must end at a ${delimiterName(delimiter)} or the end of the line; write a quote inside quotes as two quotes ("").`,
      };
    }

    if (char === '"') {
      if (state === "start") {
        state = "quoted";
        quoteLine = line;
        continue;
      }
      return {
        ok: false,
        line,
        error: `Line ${line}: a quote inside a field that does not start with a quote. Wrap the field in quotes and write the quote as two quotes ("").`,
      };
    }

    cell += char;
    state = "unquoted";
  }

  if (state === "quoted") {
    return {
      ok: false,
      line: quoteLine,
      error: `Line ${quoteLine}: a quoted field starts here and is never closed. Check for a missing closing quote.`,
    };
  }
  if (cell !== "" || cells.length > 0 || state === "closed") endRecord();

  const [header, ...rest] = records;
  if (!header) return { ok: false, line: 1, error: "The file is empty: it needs a header line naming the columns." };
  return { ok: true, delimiter, header: header.cells.map((name) => name.trim()), records: rest };
}

function delimiterName(delimiter: string) {
  return delimiter === ";" ? "semicolon" : "comma";
}

/**
 * One CSV field. Quoted when it holds a delimiter, quote, line break or edge whitespace. Text that
 * a spreadsheet would run as a formula (=, +, -, @, tab, CR at the start) is prefixed with an
 * apostrophe (OWASP's advice against CSV injection); numbers are written as they are.
 */
export function csvField(value: unknown, { guardFormulas = true } = {}): string {
  if (value === null || value === undefined) return "";
  let text: string;
  if (Array.isArray(value)) text = value.join("; ");
  else if (typeof value === "object") text = JSON.stringify(value);
  else text = String(value);
  if (guardFormulas && typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",;\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV line (CRLF-terminated, as RFC 4180 and Excel expect). */
export function csvLine(values: readonly unknown[]): string {
  return `${values.map((value) => csvField(value)).join(",")}\r\n`;
}
