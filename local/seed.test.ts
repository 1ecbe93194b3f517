import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { seedFiles } from "./seed.ts";

it("applies seed.sql first, then the feature seeds in name order, as config.toml lists them", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "seed-"));
  writeFileSync(path.join(dir, "config.toml"), '[db.seed]\nsql_paths = ["./seed.sql", "./seeds/*.sql"]\n');
  writeFileSync(path.join(dir, "seed.sql"), "");
  mkdirSync(path.join(dir, "seeds"));
  for (const name of ["20_cs.sql", "10_crm.sql", "notes.txt"]) writeFileSync(path.join(dir, "seeds", name), "");
  expect(seedFiles(dir).map((f) => path.relative(dir, f))).toEqual(["seed.sql", "seeds/10_crm.sql", "seeds/20_cs.sql"]);
});
