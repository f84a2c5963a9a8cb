import { Outlet } from "react-router";
import { AppShell } from "#app/components/app-shell";

export default function DashboardLayout() {
  return (
    <AppShell>
      <Outlet />
    </AppShell>
  );
}
