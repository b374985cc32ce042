import type { z } from "zod";

/**
 * What a form's server action hands back to `useActionState`: errors to show
 * next to each field, one message for the whole form, and the submitted
 * values, because React resets an uncontrolled form after its action runs.
 * Secrets (passwords) are never echoed back in `values`.
 */
export interface FormState<Field extends string> {
  fieldErrors?: Partial<Record<Field, string[]>>;
  formError?: string;
  values?: Partial<Record<Field, string>>;
}

/** The per-field messages of a failed zod parse, keyed by top-level field. */
export function fieldErrorsOf<Field extends string>(error: z.ZodError): Partial<Record<Field, string[]>> {
  const errors: Partial<Record<string, string[]>> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "form");
    (errors[field] ??= []).push(issue.message);
  }
  return errors as Partial<Record<Field, string[]>>;
}

/** The string value of each named form field (a missing or file field reads as ""). */
export function formValues<Field extends string>(formData: FormData, fields: readonly Field[]): Record<Field, string> {
  const values = {} as Record<Field, string>;
  for (const field of fields) {
    const value = formData.get(field);
    values[field] = typeof value === "string" ? value : "";
  }
  return values;
}
