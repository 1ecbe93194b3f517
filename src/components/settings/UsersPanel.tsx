import { useMemo, useState } from "react";
import type { UseQueryResult } from "@tanstack/react-query";
import { MoreHorizontal, Search } from "lucide-react";
import { toast } from "sonner";
import { EmptyState, ErrorState } from "@/components/layout/States";
import { ConfirmDialog } from "@/components/settings/ConfirmDialog";
import { CreateUserDialog } from "@/components/settings/CreateUserDialog";
import { EditUserDialog } from "@/components/settings/EditUserDialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { matchesUserSearch } from "@/domain/users";
import type { Team } from "@/hooks/useTeams";
import { useSetUserActive, type OrgUser } from "@/hooks/useUsers";
import { formatRole } from "@/lib/format";

type Props = {
  users: UseQueryResult<OrgUser[]>;
  teams: readonly Team[];
  meId: string;
};

type Pending = { kind: "edit" | "toggle"; user: OrgUser } | null;

function SkeletonRows() {
  return Array.from({ length: 4 }, (_, index) => (
    <TableRow key={index}>
      <TableCell colSpan={5}>
        <Skeleton className="h-8 w-full" />
      </TableCell>
    </TableRow>
  ));
}

/** The organisation's people: search, add, change role and team, deactivate and reactivate. */
export function UsersPanel({ users, teams, meId }: Props) {
  const [query, setQuery] = useState("");
  const [pending, setPending] = useState<Pending>(null);
  const setActive = useSetUserActive();
  const teamNames = useMemo(() => new Map(teams.map((team) => [team.id, team.name])), [teams]);
  const shown = useMemo(() => (users.data ?? []).filter((user) => matchesUserSearch(user, query)), [users.data, query]);

  async function toggleActive(user: OrgUser) {
    await setActive.mutateAsync({ userId: user.id, active: !user.active });
    toast.success(user.active ? `${user.full_name} was deactivated` : `${user.full_name} was reactivated`);
  }

  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="relative w-full sm:w-72">
          <Search className="pointer-events-none absolute left-2.5 top-1/2 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden />
          <Input
            type="search"
            aria-label="Search users"
            placeholder="Search name, email or title"
            className="pl-8"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
          />
        </div>
        <CreateUserDialog teams={teams} />
      </div>

      {users.isError ? (
        <ErrorState title="Could not load the users" error={users.error} onRetry={() => void users.refetch()} />
      ) : (
        <Table aria-label="Users" aria-busy={users.isPending}>
          <TableHeader>
            <TableRow>
              <TableHead>Name</TableHead>
              <TableHead>Role</TableHead>
              <TableHead>Team</TableHead>
              <TableHead>Status</TableHead>
              <TableHead className="w-12">
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {users.isPending ? (
              <SkeletonRows />
            ) : shown.length === 0 ? (
              <TableRow>
                <TableCell colSpan={5}>
                  <EmptyState title={query ? "No user matches your search" : "No users yet"}>
                    {query ? <p>Try another name or email.</p> : <p>Add the first person with “Add user”.</p>}
                  </EmptyState>
                </TableCell>
              </TableRow>
            ) : (
              shown.map((user) => (
                <TableRow key={user.id} className={user.active ? undefined : "text-muted-foreground"}>
                  <TableCell>
                    <div className="grid min-w-40">
                      <span className="font-medium">
                        {user.full_name}
                        {user.id === meId && <span className="font-normal text-muted-foreground"> (you)</span>}
                      </span>
                      <span className="break-all text-xs text-muted-foreground">{user.email}</span>
                      {user.title && <span className="text-xs text-muted-foreground">{user.title}</span>}
                    </div>
                  </TableCell>
                  <TableCell>
                    <div className="flex flex-wrap items-center gap-1">
                      <span className="whitespace-nowrap">{formatRole(user.role)}</span>
                      {user.role === "cs_manager" && user.is_lead_csm && <Badge variant="outline">Lead</Badge>}
                    </div>
                  </TableCell>
                  <TableCell className="whitespace-nowrap">
                    {user.team_id ? (teamNames.get(user.team_id) ?? "—") : "—"}
                  </TableCell>
                  <TableCell>
                    <div className="flex flex-wrap gap-1">
                      {user.active ? <Badge variant="secondary">Active</Badge> : <Badge variant="destructive">Deactivated</Badge>}
                      {user.active && user.must_change_password && <Badge variant="outline">Temporary password</Badge>}
                    </div>
                  </TableCell>
                  <TableCell>
                    <DropdownMenu modal={false}>
                      <DropdownMenuTrigger asChild>
                        <Button variant="ghost" size="icon" aria-label={`Actions for ${user.full_name}`}>
                          <MoreHorizontal aria-hidden />
                        </Button>
                      </DropdownMenuTrigger>
                      <DropdownMenuContent align="end">
                        <DropdownMenuItem onSelect={() => setPending({ kind: "edit", user })}>Edit role and team</DropdownMenuItem>
                        <DropdownMenuSeparator />
                        <DropdownMenuItem
                          disabled={user.id === meId}
                          variant={user.active ? "destructive" : "default"}
                          onSelect={() => setPending({ kind: "toggle", user })}
                        >
                          {user.active ? "Deactivate" : "Reactivate"}
                        </DropdownMenuItem>
                      </DropdownMenuContent>
                    </DropdownMenu>
                  </TableCell>
                </TableRow>
              ))
            )}
          </TableBody>
        </Table>
      )}

      {pending?.kind === "edit" && (
        <EditUserDialog
          user={pending.user}
          teams={teams}
          isSelf={pending.user.id === meId}
          onClose={() => setPending(null)}
        />
      )}
      {pending?.kind === "toggle" &&
        (pending.user.active ? (
          <ConfirmDialog
            title={`Deactivate ${pending.user.full_name}?`}
            description="They lose access at once and cannot sign in until you reactivate them. Their records stay where they are."
            confirmLabel="Deactivate"
            destructive
            onConfirm={() => toggleActive(pending.user)}
            onClose={() => setPending(null)}
          />
        ) : (
          <ConfirmDialog
            title={`Reactivate ${pending.user.full_name}?`}
            description="They can sign in again with their password and get the access of their role."
            confirmLabel="Reactivate"
            onConfirm={() => toggleActive(pending.user)}
            onClose={() => setPending(null)}
          />
        ))}
    </div>
  );
}
