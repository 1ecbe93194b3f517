import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ArrowRightLeft } from "lucide-react";
import { Link, useNavigate } from "react-router-dom";
import { toast } from "sonner";
import { useUser } from "@/components/auth/useAuth";
import { ConfirmDialog } from "@/components/settings/ConfirmDialog";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { useProfile } from "@/hooks/useProfile";
import type { RecordRow } from "@/hooks/useRecords";
import { formatDateTime } from "@/lib/format";
import { queryKeys } from "@/lib/queryKeys";
import { supabase } from "@/lib/supabase";

/** One-click conversion (PRODUCT.md CRM-3): account + contact + deal in one transaction (convert_lead). */
export function ConvertLead({ record }: { record: RecordRow }) {
  const user = useUser();
  const role = useProfile(user.id).data?.role;
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const convert = useMutation({
    mutationFn: async () => {
      const { data, error } = await supabase.rpc("convert_lead", { lead_id: record.id });
      if (error) throw error;
      const created = data[0];
      if (!created) throw new Error("The lead could not be converted.");
      return created;
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.records.all }),
  });

  if (record.status === "converted") {
    return record.converted_deal_id ? (
      <Button variant="outline" asChild>
        <Link to={`/deals/${String(record.converted_deal_id)}`}>Open its deal</Link>
      </Button>
    ) : null;
  }
  if (!role || role === "executive") return null;
  return (
    <>
      <Button onClick={() => setConfirming(true)}>
        <ArrowRightLeft aria-hidden /> Convert
      </Button>
      {confirming && (
        <ConfirmDialog
          title={`Convert ${String(record.company)}?`}
          description={
            <>
              This creates a deal in the default pipeline, a contact for the person (or uses the one with this email) and an account for{" "}
              {String(record.company)}
              {record.domain ? ` (or uses the account with the domain ${String(record.domain)})` : ""}, all at once, and marks the lead converted.
            </>
          }
          confirmLabel="Convert lead"
          onClose={() => setConfirming(false)}
          onConfirm={async () => {
            const created = await convert.mutateAsync();
            toast.success(`${String(record.company)} was converted${created.account_created ? "" : " (linked to the existing account)"}`);
            navigate(`/deals/${created.deal_id}`);
          }}
        />
      )}
    </>
  );
}

/** What a converted lead became, with links. */
export function LeadConversion({ record }: { record: RecordRow }) {
  if (record.status !== "converted") return null;
  const link = (path: string, value: unknown) => {
    const target = value as { id: string; name?: string; full_name?: string } | null;
    return target ? (
      <Link to={`${path}/${target.id}`} className="font-medium underline-offset-4 hover:underline">
        {target.name ?? target.full_name}
      </Link>
    ) : (
      "—"
    );
  };
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">Converted {formatDateTime(record.converted_at as string)}</CardTitle>
      </CardHeader>
      <CardContent>
        <dl className="grid gap-3 sm:grid-cols-3">
          <div>
            <dt className="text-xs font-medium text-muted-foreground">Deal</dt>
            <dd className="text-sm">{link("/deals", record.converted_deal)}</dd>
          </div>
          <div>
            <dt className="text-xs font-medium text-muted-foreground">Account</dt>
            <dd className="text-sm">{link("/accounts", record.converted_account)}</dd>
          </div>
          <div>
            <dt className="text-xs font-medium text-muted-foreground">Contact</dt>
            <dd className="text-sm">{link("/contacts", record.converted_contact)}</dd>
          </div>
        </dl>
      </CardContent>
    </Card>
  );
}
