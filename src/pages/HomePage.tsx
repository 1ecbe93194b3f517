import { lazy, Suspense } from "react";
import { useUser } from "@/components/auth/useAuth";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { useOrganization } from "@/hooks/useOrganization";
import { useProfile } from "@/hooks/useProfile";
import { formatRole } from "@/lib/format";

// Its own chunk (with the charts), loaded only for the people who see it.
const RepDashboard = lazy(() => import("@/components/dashboard/RepDashboard"));

export default function HomePage() {
  const user = useUser();
  const profile = useProfile(user.id);
  const name = profile.data?.full_name || user.email;
  // Reps and managers land on their own numbers (rep_dashboard); everyone else on their account.
  const sells = profile.data?.role === "rep" || profile.data?.role === "manager";
  const organization = useOrganization(sells ? profile.data?.org_id : undefined);

  return (
    <div className="grid gap-6">
      <h1 className="break-words text-2xl font-semibold tracking-tight sm:text-3xl">Welcome, {name}</h1>
      {sells ? (
        <Suspense fallback={<Skeleton className="h-72 w-full" aria-label="Loading your dashboard" />}>
          <RepDashboard userId={user.id} currency={organization.data?.currency ?? "USD"} />
        </Suspense>
      ) : (
        <Card className="max-w-xl">
          <CardHeader>
            <CardTitle>Your account</CardTitle>
            <CardDescription>{user.email}</CardDescription>
          </CardHeader>
          <CardContent>
            {profile.isPending ? (
              <div className="grid gap-3" aria-busy="true" aria-label="Loading your profile">
                <Skeleton className="h-5 w-40" />
                <Skeleton className="h-5 w-56" />
              </div>
            ) : profile.isError ? (
              <p role="alert" className="text-sm text-destructive">
                Could not load your profile: {profile.error.message}
              </p>
            ) : !profile.data ? (
              <p className="text-sm text-muted-foreground">
                Your account has no profile yet. Ask an administrator to add you to an organisation.
              </p>
            ) : (
              <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
                <dt className="text-muted-foreground">Role</dt>
                <dd>{formatRole(profile.data.role)}</dd>
                <dt className="text-muted-foreground">Organisation</dt>
                <dd>{profile.data.organizations?.name ?? "—"}</dd>
              </dl>
            )}
          </CardContent>
        </Card>
      )}
    </div>
  );
}
