import { useUser } from "@/components/auth/useAuth";
import { visibleOwners } from "@/domain/records/listState";
import type { ObjectModel } from "@/domain/records/model";
import { useProfile } from "@/hooks/useProfile";
import { useTeams } from "@/hooks/useTeams";
import { useUsers } from "@/hooks/useUsers";

/**
 * The owners whose records the reader may see (null: the whole organisation), for the list to
 * send along with its filters. Reps need nothing fetched; a manager's teams and a CSM's lead flag
 * come from the organisation's directory. `ready` is false until it is known.
 */
export function useOwnerScope(model: Pick<ObjectModel, "readScope">): { owners: string[] | null; ready: boolean } {
  const user = useUser();
  const profile = useProfile(user.id).data;
  const role = profile?.role;
  const needsTeams = model.readScope !== "organisation" && role === "manager";
  const needsPeople = needsTeams || (model.readScope === "customer_success" && role === "cs_manager");
  const people = useUsers(needsPeople ? profile?.org_id : undefined);
  const teams = useTeams(needsTeams ? profile?.org_id : undefined);
  if (!profile) return { owners: null, ready: false };
  // If the directory cannot be read, fall back to no extra filter: row level security still decides.
  const peopleReady = !needsPeople || !people.isPending;
  const teamsReady = !needsTeams || !teams.isPending;
  if (!peopleReady || !teamsReady) return { owners: null, ready: false };
  if ((needsPeople && people.isError) || (needsTeams && teams.isError)) return { owners: null, ready: true };
  const me = { id: user.id, role: profile.role, is_lead_csm: people.data?.find((p) => p.id === user.id)?.is_lead_csm ?? false };
  return { owners: visibleOwners(model.readScope, me, people.data ?? [], teams.data ?? []), ready: true };
}

/**
 * Whether the reader may change a record of this owner (private.editable_owner_ids): their own, a
 * manager's team's, an admin's anyone's, an executive's nobody's. Only decides which buttons show.
 */
export function useCanEditOwner(ownerId: unknown): boolean {
  const user = useUser();
  const role = useProfile(user.id).data?.role;
  const scope = useOwnerScope({ readScope: "sales" });
  if (!role || role === "executive" || !scope.ready) return false;
  return scope.owners === null || (typeof ownerId === "string" && scope.owners.includes(ownerId));
}
