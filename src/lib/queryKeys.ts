/** Every TanStack Query key in one place, so invalidation after a mutation can find them. */
export const queryKeys = {
  profile: (userId: string) => ["profile", userId] as const,
};
