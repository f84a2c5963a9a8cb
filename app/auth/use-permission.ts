import { useRouteLoaderData } from "react-router";
import type { UserRole } from "#lib/vocabulary";
import { PAGE_PERMISSIONS, type PageAccess, type PageName, roleAllows } from "./permissions";

/** What the root loader says about who is signed in. */
export interface RootData {
  user: { email: string; role: UserRole } | null;
}

export interface Permissions {
  /** Whether the signed-in user may open `page` (links, navigation entries). */
  mayRead(page: PageName): boolean;
  /** Whether the signed-in user may submit `page`'s forms. */
  mayWrite(page: PageName): boolean;
}

/**
 * The signed-in user's permissions by the one table (app/auth/permissions.ts), for hiding the
 * controls a page's action would refuse: the server still checks every request; this only spares
 * a viewer buttons that answer 403.
 */
export function usePermissions(): Permissions {
  const role = useRouteLoaderData<RootData>("root")?.user?.role ?? null;
  return {
    mayRead: (page) => roleAllows(role, PAGE_PERMISSIONS[page].read),
    mayWrite: (page) => {
      const write: PageAccess | undefined = (PAGE_PERMISSIONS[page] as { write?: PageAccess }).write;
      return write !== undefined && roleAllows(role, write);
    },
  };
}
