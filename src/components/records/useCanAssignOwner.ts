import { useUser } from "@/components/auth/useAuth";
import { useProfile } from "@/hooks/useProfile";

/** Only managers and admins give records to someone else; everyone else owns what they create. */
export function useCanAssignOwner() {
  const user = useUser();
  const role = useProfile(user.id).data?.role;
  return role === "manager" || role === "admin";
}
