/**
 * The customers dashboard's quick filters (PRODUCT.md CS-5): health status and "contract ends
 * within N days", written as the record engine's URL filter values (an enum list and a date range).
 */
import { addDays, format } from "date-fns";
import { isHealthStatus, type HealthStatus } from "@/domain/customer-success/health";

export const CONTRACT_END_PRESETS = [30, 60, 90, 180] as const;
export type ContractEndPreset = (typeof CONTRACT_END_PRESETS)[number];

const day = (date: Date) => format(date, "yyyy-MM-dd");

/** "Contract ends in the next N days": from today to today + N, as a range filter value. */
export function contractEndRange(days: ContractEndPreset, today: Date = new Date()): string {
  return `${day(today)}..${day(addDays(today, days))}`;
}

/** Which preset a range filter value is, if it is one (today's). */
export function contractEndPreset(value: string | null | undefined, today: Date = new Date()): ContractEndPreset | null {
  if (!value) return null;
  return CONTRACT_END_PRESETS.find((days) => contractEndRange(days, today) === value) ?? null;
}

/** The single health status an enum filter value stands for, or null for none or several. */
export function singleHealthStatus(value: string | null | undefined): HealthStatus | null {
  if (!value || value.includes(",")) return null;
  return isHealthStatus(value) ? value : null;
}
