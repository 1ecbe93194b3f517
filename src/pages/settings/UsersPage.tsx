import { useSearchParams } from "react-router-dom";
import { useUser } from "@/components/auth/useAuth";
import { PageHeader } from "@/components/layout/PageHeader";
import { PageLoader } from "@/components/layout/PageLoader";
import { EmptyState, ErrorState } from "@/components/layout/States";
import { TeamsPanel } from "@/components/settings/TeamsPanel";
import { UsersPanel } from "@/components/settings/UsersPanel";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { useProfile } from "@/hooks/useProfile";
import { useTeams } from "@/hooks/useTeams";
import { useUsers } from "@/hooks/useUsers";

export default function UsersPage() {
  const me = useUser();
  const profile = useProfile(me.id);
  const orgId = profile.data?.org_id;
  const users = useUsers(orgId);
  const teams = useTeams(orgId);
  const [params, setParams] = useSearchParams();
  const tab = params.get("tab") === "teams" ? "teams" : "users";

  return (
    <div className="grid gap-6">
      <PageHeader title="Users & teams" description="Who can sign in, what their role lets them do, and which team they are in." />
      {profile.isPending ? (
        <PageLoader />
      ) : profile.isError ? (
        <ErrorState title="Could not load your profile" error={profile.error} onRetry={() => void profile.refetch()} />
      ) : !profile.data ? (
        <EmptyState title="No organisation">
          <p>Your account is not part of an organisation.</p>
        </EmptyState>
      ) : (
        <Tabs value={tab} onValueChange={(next) => setParams(next === "teams" ? { tab: "teams" } : {}, { replace: true })}>
          <TabsList>
            <TabsTrigger value="users">Users</TabsTrigger>
            <TabsTrigger value="teams">Teams</TabsTrigger>
          </TabsList>
          <TabsContent value="users">
            <UsersPanel users={users} teams={teams.data ?? []} meId={me.id} />
          </TabsContent>
          <TabsContent value="teams">
            <TeamsPanel teams={teams} users={users.data ?? []} />
          </TabsContent>
        </Tabs>
      )}
    </div>
  );
}
