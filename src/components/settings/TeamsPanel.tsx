import { useMemo, useState } from "react";
import type { UseQueryResult } from "@tanstack/react-query";
import { MoreHorizontal, Plus } from "lucide-react";
import { toast } from "sonner";
import { EmptyState, ErrorState } from "@/components/layout/States";
import { ConfirmDialog } from "@/components/settings/ConfirmDialog";
import { TeamDialog } from "@/components/settings/TeamDialog";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { countMembers } from "@/domain/users";
import { useDeleteTeam, type Team } from "@/hooks/useTeams";
import type { OrgUser } from "@/hooks/useUsers";
import { formatNumber } from "@/lib/format";

type Props = {
  teams: UseQueryResult<Team[]>;
  users: readonly OrgUser[];
};

type Pending = { kind: "create" } | { kind: "edit" | "delete"; team: Team } | null;

/** The organisation's teams: create, rename, set the manager, delete. */
export function TeamsPanel({ teams, users }: Props) {
  const [pending, setPending] = useState<Pending>(null);
  const remove = useDeleteTeam();
  const names = useMemo(() => new Map(users.map((user) => [user.id, user.full_name])), [users]);
  const members = useMemo(() => countMembers(users), [users]);
  const managers = useMemo(() => users.filter((user) => user.active && user.role === "manager"), [users]);

  async function deleteTeam(team: Team) {
    await remove.mutateAsync(team.id);
    toast.success(`${team.name} was deleted`);
  }

  return (
    <div className="grid gap-4">
      <div className="flex justify-end">
        <Button onClick={() => setPending({ kind: "create" })}>
          <Plus aria-hidden />
          New team
        </Button>
      </div>

      {teams.isError ? (
        <ErrorState title="Could not load the teams" error={teams.error} onRetry={() => void teams.refetch()} />
      ) : teams.isPending ? (
        <div className="grid gap-2" aria-busy="true" aria-label="Loading teams">
          <Skeleton className="h-10 w-full" />
          <Skeleton className="h-10 w-full" />
        </div>
      ) : teams.data.length === 0 ? (
        <EmptyState title="No teams yet">
          <p>Teams group reps under a manager, who then sees their records.</p>
          <Button variant="outline" onClick={() => setPending({ kind: "create" })}>
            Create the first team
          </Button>
        </EmptyState>
      ) : (
        <Table aria-label="Teams">
          <TableHeader>
            <TableRow>
              <TableHead>Team</TableHead>
              <TableHead>Manager</TableHead>
              <TableHead className="text-right">Members</TableHead>
              <TableHead className="w-12">
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {teams.data.map((team) => (
              <TableRow key={team.id}>
                <TableCell className="font-medium">{team.name}</TableCell>
                <TableCell>{team.manager_id ? (names.get(team.manager_id) ?? "—") : "No manager"}</TableCell>
                <TableCell className="text-right tabular-nums">{formatNumber(members.get(team.id) ?? 0)}</TableCell>
                <TableCell>
                  <DropdownMenu modal={false}>
                    <DropdownMenuTrigger asChild>
                      <Button variant="ghost" size="icon" aria-label={`Actions for ${team.name}`}>
                        <MoreHorizontal aria-hidden />
                      </Button>
                    </DropdownMenuTrigger>
                    <DropdownMenuContent align="end">
                      <DropdownMenuItem onSelect={() => setPending({ kind: "edit", team })}>
                        Rename or set manager
                      </DropdownMenuItem>
                      <DropdownMenuSeparator />
                      <DropdownMenuItem variant="destructive" onSelect={() => setPending({ kind: "delete", team })}>
                        Delete team
                      </DropdownMenuItem>
                    </DropdownMenuContent>
                  </DropdownMenu>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}

      {pending?.kind === "create" && <TeamDialog managers={managers} onClose={() => setPending(null)} />}
      {pending?.kind === "edit" && (
        <TeamDialog
          team={pending.team}
          // Keep the current manager choosable even if their role has changed since.
          managers={
            pending.team.manager_id && !managers.some((manager) => manager.id === pending.team.manager_id)
              ? [...managers, { id: pending.team.manager_id, full_name: names.get(pending.team.manager_id) ?? "Current manager" }]
              : managers
          }
          onClose={() => setPending(null)}
        />
      )}
      {pending?.kind === "delete" && (
        <ConfirmDialog
          title={`Delete ${pending.team.name}?`}
          description={`Its ${formatNumber(members.get(pending.team.id) ?? 0)} members stay, without a team, and its manager no longer sees their records.`}
          confirmLabel="Delete team"
          destructive
          onConfirm={() => deleteTeam(pending.team)}
          onClose={() => setPending(null)}
        />
      )}
    </div>
  );
}
