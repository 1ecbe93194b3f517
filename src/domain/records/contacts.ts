/** Contacts (PRODUCT.md CRM-2): the rules of public.contacts, and how the list and form show them. */
import { z } from "zod";
import { email, oneOf, reference, text , requiredText } from "@/domain/records/fields";
import type { ObjectModel } from "@/domain/records/model";
import { DEAL_ROLE_LABELS, DEAL_ROLES } from "@/domain/records/options";

const ROLE_VALUES = ["champion", "economic_buyer", "decision_maker", "influencer", "user", "blocker", "other"] as const;

export const contactSchema = z.object({
  first_name: text(100),
  last_name: requiredText(100, "Enter the last name"),
  title: text(200),
  email: email(),
  phone: text(50),
  deal_role: oneOf(ROLE_VALUES, DEAL_ROLE_LABELS),
  account_id: reference(),
  owner_id: reference(),
});

export const contactModel = {
  name: "contacts",
  singular: "contact",
  plural: "contacts",
  table: "contacts",
  listSource: "contact_list",
  searchColumns: ["full_name", "email"],
  searchPlaceholder: "Search name or email…",
  titleColumn: "full_name",
  readScope: "customer_success",
  countMode: "exact",
  omitWhenNull: ["owner_id"],
  defaultSort: [{ column: "full_name", ascending: true }],
  columns: [
    { id: "full_name", label: "Name", sortable: true, notNull: true },
    { id: "email", label: "Email", sortable: "narrowed" },
    { id: "title", label: "Title", sortable: "narrowed" },
    { id: "account_name", label: "Account", sortable: "narrowed" },
    { id: "deal_role", label: "Role in deals", sortable: "narrowed" },
    { id: "phone", label: "Phone" },
    { id: "owner_name", label: "Owner" },
    { id: "created_at", label: "Created", sortable: "narrowed", notNull: true, defaultVisible: false },
  ],
  filters: [
    { id: "account", label: "Account", kind: "reference", column: "account_id", target: "accounts" },
    { id: "role", label: "Role in deals", kind: "enum", column: "deal_role", options: DEAL_ROLES },
    { id: "owner", label: "Owner", kind: "reference", column: "owner_id", target: "profiles" },
  ],
  fields: [
    { key: "first_name", label: "First name", kind: "text" },
    { key: "last_name", label: "Last name", kind: "text", required: true },
    { key: "email", label: "Email", kind: "email", description: "Unique in your organisation" },
    { key: "phone", label: "Phone", kind: "phone" },
    { key: "title", label: "Job title", kind: "text" },
    { key: "deal_role", label: "Role in deals", kind: "enum", options: DEAL_ROLES },
    { key: "account_id", label: "Account", kind: "reference", reference: { target: "accounts" }, labelPath: "account.name" },
    { key: "owner_id", label: "Owner", kind: "reference", reference: { target: "profiles" }, labelPath: "owner.full_name" },
  ],
  schema: contactSchema,
} as const satisfies ObjectModel;
