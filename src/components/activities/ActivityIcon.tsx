import { CalendarDays, CircleCheckBig, Mail, Phone, StickyNote } from "lucide-react";
import type { ActivityType } from "@/domain/activities";
import { cn } from "@/lib/utils";

const ICONS = { call: Phone, meeting: CalendarDays, email: Mail, note: StickyNote, task: CircleCheckBig } as const;

/** The icon of an activity type, decorative (the type is always also written out). */
export function ActivityIcon({ type, className }: { type: ActivityType; className?: string }) {
  const Icon = ICONS[type];
  return <Icon aria-hidden className={cn("size-4", className)} />;
}
