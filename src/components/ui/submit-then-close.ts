import type { FieldValues, UseFormReturn } from "react-hook-form";

/**
 * A form dialog's submit: sends the values, then closes; a refusal keeps the dialog open with its
 * message (or `fallback`) above the form.
 */
export function submitThenClose<TFieldValues extends FieldValues, TTransformedValues>(
  form: UseFormReturn<TFieldValues, unknown, TTransformedValues>,
  onSubmit: (values: TTransformedValues) => Promise<void>,
  onClose: () => void,
  fallback: string,
) {
  return async (values: TTransformedValues) => {
    try {
      await onSubmit(values);
      onClose();
    } catch (error) {
      form.setError("root.server", { message: error instanceof Error ? error.message : fallback });
    }
  };
}
