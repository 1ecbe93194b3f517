import { useState } from "react";
import { ExternalLink, Handshake } from "lucide-react";
import { Link, useNavigate } from "react-router-dom";
import { toast } from "sonner";
import { useUser } from "@/components/auth/useAuth";
import { RenewalTimeline } from "@/components/customers/RenewalTimeline";
import { ScoreFactors } from "@/components/customers/ScoreFactors";
import { canWriteRecords, type ListPanelProps } from "@/components/records/types";
import { ConfirmDialog } from "@/components/settings/ConfirmDialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { RENEWAL_BUCKETS, RISK_LEVEL_LABELS, type RenewalBucket, type RiskLevel } from "@/domain/customer-success/renewals";
import type { RecordRow } from "@/hooks/useRecords";
import { useProfile } from "@/hooks/useProfile";
import { useCreateRenewalDeal, useRenewalBuckets } from "@/hooks/useRenewals";
import { formatMoney } from "@/lib/format";

const RENEWAL_WRITERS = ["cs_manager", "admin"] as const;

const RISK_CLASSES: Record<RiskLevel, string> = {
  low: "border-emerald-600/30 bg-emerald-500/15 text-emerald-800 dark:text-emerald-300",
  medium: "border-amber-600/30 bg-amber-400/20 text-amber-900 dark:text-amber-200",
  high: "border-red-600/30 bg-red-500/15 text-red-800 dark:text-red-300",
};

/** A renewal's risk level in colour and words. */
export function RiskBadge({ level }: { level: unknown }) {
  if (level !== "low" && level !== "medium" && level !== "high") return <span className="text-muted-foreground">—</span>;
  return (
    <Badge variant="outline" className={RISK_CLASSES[level]}>
      {RISK_LEVEL_LABELS[level]}
    </Badge>
  );
}

function isBucket(value: string | undefined): value is RenewalBucket {
  return !!value && (RENEWAL_BUCKETS as readonly string[]).includes(value);
}

/** The renewals timeline above the table: a bucket filters the table to it. */
export function RenewalListPanels({ filters, setFilter }: ListPanelProps) {
  const buckets = useRenewalBuckets();
  return (
    <RenewalTimeline
      rows={buckets.data}
      isPending={buckets.isPending}
      active={isBucket(filters.bucket) ? filters.bucket : null}
      onChoose={(bucket) => setFilter("bucket", bucket)}
    />
  );
}

/** "Create renewal deal" on a renewal's page, or a link to the deal it already has. */
export function RenewalDealAction({ record }: { record: RecordRow }) {
  const user = useUser();
  const role = useProfile(user.id).data?.role;
  const create = useCreateRenewalDeal();
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  if (typeof record.renewal_deal_id === "string") {
    return (
      <Button variant="outline" asChild>
        <Link to={`/deals/${record.renewal_deal_id}`}>
          <ExternalLink aria-hidden /> Open renewal deal
        </Link>
      </Button>
    );
  }
  // Opening a deal needs the right to change the renewal: its CSM, lead CSMs and admins.
  if (!canWriteRecords({ writers: RENEWAL_WRITERS }, role)) return null;
  const value = typeof record.proposed_value === "number" ? record.proposed_value : record.current_value;
  return (
    <>
      <Button onClick={() => setConfirming(true)}>
        <Handshake aria-hidden /> Create renewal deal
      </Button>
      {confirming && (
        <ConfirmDialog
          title="Create the renewal deal?"
          description={`A renewal deal worth ${formatMoney(value as number, String(record.currency ?? "USD"))}, closing on the renewal date, opens in the first stage of the default pipeline, owned by you.`}
          confirmLabel="Create renewal deal"
          onClose={() => setConfirming(false)}
          onConfirm={async () => {
            const dealId = await create.mutateAsync(record.id);
            toast.success("The renewal deal was created");
            navigate(`/deals/${dealId}`);
          }}
        />
      )}
    </>
  );
}

/** Why the database rates the renewal's risk as it does. */
export function RenewalRiskPanel({ record }: { record: RecordRow }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">Why this risk</CardTitle>
      </CardHeader>
      <CardContent>
        <ScoreFactors
          title="Renewal risk"
          kind="risk"
          score={typeof record.risk_score === "number" ? record.risk_score : null}
          factors={record.risk_factors}
          empty={record.status === "renewed" || record.status === "churned" ? "The renewal is closed." : "Nothing raises the risk."}
        />
      </CardContent>
    </Card>
  );
}
