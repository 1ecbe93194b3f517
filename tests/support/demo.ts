import { createHash } from "node:crypto";

/** Ids of the demo data in supabase/seed.sql, for tests that act as its people. */
export const ORG = {
  acme: "00000000-0000-4000-a000-000000000001",
  globex: "00000000-0000-4000-a000-000000000002",
} as const;

export const TEAM = {
  east: "00000000-0000-4000-9000-000000000001",
  west: "00000000-0000-4000-9000-000000000002",
  globex: "00000000-0000-4000-9000-000000000003",
} as const;

/** Acme: admin, executive and the lead CSM in no team; East = manager, rep, rep2; West = managerWest, repWest. */
export const USER = {
  admin: "00000000-0000-4000-b000-000000000001",
  executive: "00000000-0000-4000-b000-000000000002",
  manager: "00000000-0000-4000-b000-000000000003",
  rep: "00000000-0000-4000-b000-000000000004",
  leadCsm: "00000000-0000-4000-b000-000000000005",
  globexRep: "00000000-0000-4000-b000-000000000006",
  rep2: "00000000-0000-4000-b000-000000000007",
  managerWest: "00000000-0000-4000-b000-000000000008",
  repWest: "00000000-0000-4000-b000-000000000009",
  /** A cs_manager without the lead-CSM flag (supabase/seeds/20_customer_success.sql). */
  csm: "00000000-0000-4000-b000-000000000010",
} as const;

/** The id seed.sql gives its n-th generated CRM row: `md5('<key>-<n>')::uuid`, e.g. seedId("acme-deal", 7). */
export function seedId(key: string, n: number | string): string {
  const hex = createHash("md5").update(`${key}-${n}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
