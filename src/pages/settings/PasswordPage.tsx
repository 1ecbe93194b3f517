import { toast } from "sonner";
import { PageHeader } from "@/components/layout/PageHeader";
import { NewPasswordForm } from "@/components/settings/NewPasswordForm";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

export default function PasswordPage() {
  return (
    <div className="grid max-w-2xl gap-6">
      <PageHeader title="Password" description="Change the password you sign in with." />
      <Card>
        <CardHeader>
          <CardTitle>Change password</CardTitle>
          <CardDescription>Other devices stay signed in until their session ends.</CardDescription>
        </CardHeader>
        <CardContent>
          <NewPasswordForm submitLabel="Change password" onChanged={() => toast.success("Password changed")} />
        </CardContent>
      </Card>
    </div>
  );
}
