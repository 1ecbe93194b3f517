import { zodResolver } from "@hookform/resolvers/zod";
import { LoaderCircle } from "lucide-react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { useUser } from "@/components/auth/useAuth";
import { PageHeader } from "@/components/layout/PageHeader";
import { EmptyState, ErrorState } from "@/components/layout/States";
import { FormServerError } from "@/components/settings/FormServerError";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Form, FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { LabelledFormField } from "@/components/ui/labelled-form-field";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { SelectFormField } from "@/components/ui/select-form-field";
import { Skeleton } from "@/components/ui/skeleton";
import {
  COMMON_CURRENCIES,
  currencyLabel,
  monthName,
  organizationSchema,
  type OrganizationUpdate,
} from "@/domain/organization";
import { useOrganization, useUpdateOrganization, type Organization } from "@/hooks/useOrganization";
import { useProfile } from "@/hooks/useProfile";

const MONTHS = Array.from({ length: 12 }, (_, index) => index + 1);

function OrganizationForm({ organization }: { organization: Organization }) {
  const update = useUpdateOrganization(organization.id);
  const form = useForm<OrganizationUpdate>({
    resolver: zodResolver(organizationSchema),
    defaultValues: {
      name: organization.name,
      currency: organization.currency,
      fiscal_year_start_month: organization.fiscal_year_start_month,
    },
  });
  // The stored currency stays choosable even when it is not one of the common ones.
  const currencies = COMMON_CURRENCIES.includes(organization.currency as (typeof COMMON_CURRENCIES)[number])
    ? COMMON_CURRENCIES
    : [organization.currency, ...COMMON_CURRENCIES];

  async function onSubmit(values: OrganizationUpdate) {
    try {
      await update.mutateAsync(values);
      form.reset(values);
      toast.success("Organisation saved");
    } catch (error) {
      form.setError("root.server", { message: error instanceof Error ? error.message : "The organisation could not be saved." });
    }
  }

  return (
    <Form {...form}>
      <form noValidate onSubmit={form.handleSubmit(onSubmit)} className="grid gap-4">
        <FormServerError message={form.formState.errors.root?.server?.message} />
        <LabelledFormField control={form.control} name="name" label="Name">
          {(field) => <Input autoComplete="organization" {...field} />}
        </LabelledFormField>
        <SelectFormField control={form.control} name="currency" label="Currency" description="Reports and targets are shown in this currency." placeholder="Choose a currency" triggerClassName="w-full sm:w-72">
          {currencies.map((code) => (
            <SelectItem key={code} value={code}>
              {currencyLabel(code)}
            </SelectItem>
          ))}
        </SelectFormField>
        <FormField
          control={form.control}
          name="fiscal_year_start_month"
          render={({ field }) => (
            <FormItem>
              <FormLabel>Fiscal year starts in</FormLabel>
              <Select value={String(field.value)} onValueChange={(value) => field.onChange(Number(value))}>
                <FormControl>
                  <SelectTrigger className="w-full sm:w-72">
                    <SelectValue placeholder="Choose a month" />
                  </SelectTrigger>
                </FormControl>
                <SelectContent>
                  {MONTHS.map((month) => (
                    <SelectItem key={month} value={String(month)}>
                      {monthName(month)}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
              <FormDescription>Quarters and yearly goals count from this month.</FormDescription>
              <FormMessage />
            </FormItem>
          )}
        />
        <div>
          <Button type="submit" disabled={form.formState.isSubmitting}>
            {form.formState.isSubmitting && <LoaderCircle className="animate-spin" aria-hidden />}
            Save organisation
          </Button>
        </div>
      </form>
    </Form>
  );
}

function OrganizationContent() {
  const user = useUser();
  const profile = useProfile(user.id);
  const organization = useOrganization(profile.data?.org_id);
  const loading = (
    <div className="grid gap-4" aria-busy="true" aria-label="Loading the organisation">
      <Skeleton className="h-9 w-full" />
      <Skeleton className="h-9 w-72" />
      <Skeleton className="h-9 w-72" />
    </div>
  );

  if (profile.isPending) return loading;
  if (profile.isError) {
    return <ErrorState title="Could not load your profile" error={profile.error} onRetry={() => void profile.refetch()} />;
  }
  if (!profile.data) {
    return (
      <EmptyState title="No organisation">
        <p>Your account is not part of an organisation.</p>
      </EmptyState>
    );
  }
  if (organization.isPending) return loading;
  if (organization.isError) {
    return (
      <ErrorState title="Could not load the organisation" error={organization.error} onRetry={() => void organization.refetch()} />
    );
  }
  if (!organization.data) {
    return (
      <EmptyState title="Organisation not found">
        <p>Your organisation could not be read. Try reloading the page.</p>
      </EmptyState>
    );
  }
  return <OrganizationForm key={organization.data.updated_at} organization={organization.data} />;
}

export default function OrganizationPage() {
  return (
    <div className="grid max-w-2xl gap-6">
      <PageHeader title="Organisation" description="Settings that apply to everyone in your organisation." />
      <Card>
        <CardHeader>
          <CardTitle>General</CardTitle>
          <CardDescription>Only administrators can change these.</CardDescription>
        </CardHeader>
        <CardContent>
          <OrganizationContent />
        </CardContent>
      </Card>
    </div>
  );
}
