import { lazy, Suspense } from "react";
import { Navigate, Route, Routes } from "react-router-dom";
import { RequireAuth } from "@/components/auth/RequireAuth";
import { ErrorBoundary } from "@/components/layout/ErrorBoundary";
import { PageLoader } from "@/components/layout/PageLoader";

// Every route is its own chunk, so signing in does not download the signed-in app.
const AppShell = lazy(() => import("@/components/layout/AppShell"));
const HomePage = lazy(() => import("@/pages/HomePage"));
const SignInPage = lazy(() => import("@/pages/SignInPage"));
const NotFoundPage = lazy(() => import("@/pages/NotFoundPage"));
const ProfilePage = lazy(() => import("@/pages/settings/ProfilePage"));
const PasswordPage = lazy(() => import("@/pages/settings/PasswordPage"));
const UsersPage = lazy(() => import("@/pages/settings/UsersPage"));
const OrganizationPage = lazy(() => import("@/pages/settings/OrganizationPage"));
const ActivitiesPage = lazy(() => import("@/pages/ActivitiesPage"));
const LeadsPage = lazy(() => import("@/pages/records/LeadsPage"));
const AccountsPage = lazy(() => import("@/pages/records/AccountsPage"));
const ContactsPage = lazy(() => import("@/pages/records/ContactsPage"));
const DealsPage = lazy(() => import("@/pages/records/DealsPage"));
const PipelinePage = lazy(() => import("@/pages/PipelinePage"));
const PipelinesPage = lazy(() => import("@/pages/settings/PipelinesPage"));
const CustomersPage = lazy(() => import("@/pages/CustomersPage"));
const RenewalsPage = lazy(() => import("@/pages/RenewalsPage"));
const OutboxPage = lazy(() => import("@/pages/OutboxPage"));
const HealthScorePage = lazy(() => import("@/pages/settings/HealthScorePage"));
const PlaybooksPage = lazy(() => import("@/pages/settings/PlaybooksPage"));
const ApprovalsPage = lazy(() => import("@/pages/ApprovalsPage"));
const GovernancePage = lazy(() => import("@/pages/GovernancePage"));
const ScoringPage = lazy(() => import("@/pages/settings/ScoringPage"));
const ApprovalPoliciesPage = lazy(() => import("@/pages/settings/ApprovalPoliciesPage"));

/**
 * Routes inside the shell are guarded by role from src/domain/navigation.ts (see RequireRole in
 * AppShell): a new page is one entry there and one <Route> here.
 */
export function App() {
  return (
    <ErrorBoundary>
      <Suspense fallback={<PageLoader />}>
        <Routes>
          <Route path="/sign-in" element={<SignInPage />} />
          <Route
            element={
              <RequireAuth>
                <AppShell />
              </RequireAuth>
            }
          >
            <Route index element={<HomePage />} />
            <Route path="pipeline" element={<PipelinePage />} />
            <Route path="activities" element={<ActivitiesPage />} />
            <Route path="leads/:id?" element={<LeadsPage />} />
            <Route path="accounts/:id?" element={<AccountsPage />} />
            <Route path="contacts/:id?" element={<ContactsPage />} />
            <Route path="deals/:id?" element={<DealsPage />} />
            <Route path="customers/:id?" element={<CustomersPage />} />
            <Route path="renewals/:id?" element={<RenewalsPage />} />
            <Route path="outbox" element={<OutboxPage />} />
            <Route path="approvals" element={<ApprovalsPage />} />
            <Route path="governance" element={<GovernancePage />} />
            <Route path="settings">
              <Route index element={<Navigate to="profile" replace />} />
              <Route path="profile" element={<ProfilePage />} />
              <Route path="password" element={<PasswordPage />} />
              <Route path="users" element={<UsersPage />} />
              <Route path="organization" element={<OrganizationPage />} />
              <Route path="pipelines" element={<PipelinesPage />} />
              <Route path="health-score" element={<HealthScorePage />} />
              <Route path="playbooks" element={<PlaybooksPage />} />
              <Route path="scoring" element={<ScoringPage />} />
              <Route path="approval-policies" element={<ApprovalPoliciesPage />} />
            </Route>
          </Route>
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </Suspense>
    </ErrorBoundary>
  );
}
