/** Every TanStack Query key in one place, so invalidation after a mutation can find them. */
export const queryKeys = {
  profile: (userId: string) => ["profile", userId] as const,
  users: {
    /** Every user list; invalidate this after any change to a user. */
    all: ["users"] as const,
    list: (orgId: string) => ["users", "list", orgId] as const,
  },
  teams: {
    all: ["teams"] as const,
    list: (orgId: string) => ["teams", "list", orgId] as const,
  },
  organization: (orgId: string) => ["organization", orgId] as const,
};
