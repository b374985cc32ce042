"use client";

import { useActionState, useState } from "react";
import { createFunnelAction, createGoalAction, type FunnelFormState, type GoalFormState } from "@/lib/conversions/actions";
import { FUNNEL_MAX_STEPS } from "@/lib/query/conversions-model";
import { describedBy, Field, FormError } from "./form-field";
import { SubmitButton } from "./submit-button";

/** "Add goal": a page visit (a path pattern) or a custom event, optionally with one property value. */
export function GoalForm({ siteId }: { siteId: string }) {
  const [state, action] = useActionState<GoalFormState, FormData>(createGoalAction.bind(null, siteId), {});
  const errors = state.fieldErrors ?? {};
  const values = state.values ?? {};
  const [kind, setKind] = useState(values.kind === "event" ? "event" : "page");
  return (
    // Remounted after each save: the fields start empty for the next goal.
    <form key={state.saved ?? 0} action={action} className="form" noValidate>
      <FormError message={state.formError} />
      <Field id="goal-name" label="Name" errors={errors.name}>
        <input {...describedBy("goal-name", errors.name)} name="name" required maxLength={100} placeholder="Signed up" defaultValue={values.name} />
      </Field>
      <fieldset className="field">
        <legend>Counts</legend>
        <label>
          <input type="radio" name="kind" value="page" checked={kind === "page"} onChange={() => setKind("page")} /> a visit to a page
        </label>{" "}
        <label>
          <input type="radio" name="kind" value="event" checked={kind === "event"} onChange={() => setKind("event")} /> a custom event
        </label>
      </fieldset>
      {kind === "page" ? (
        <Field id="goal-page" label="Page path" hint="* matches within one path segment, ** across segments: /blog/*, /docs/**" errors={errors.pagePattern}>
          <input
            {...describedBy("goal-page", errors.pagePattern, true)}
            name="pagePattern"
            placeholder="/thank-you"
            autoCapitalize="none"
            spellCheck={false}
            defaultValue={values.pagePattern}
          />
        </Field>
      ) : (
        <>
          <Field id="goal-event" label="Event name" hint={'As sent by inlet("signup", …)'} errors={errors.eventName}>
            <input {...describedBy("goal-event", errors.eventName, true)} name="eventName" placeholder="signup" spellCheck={false} defaultValue={values.eventName} />
          </Field>
          <Field id="goal-property-key" label="Property (optional)" errors={errors.propertyKey}>
            <input {...describedBy("goal-property-key", errors.propertyKey)} name="propertyKey" placeholder="plan" spellCheck={false} defaultValue={values.propertyKey} />
          </Field>
          <Field id="goal-property-value" label="Property value" errors={errors.propertyValue}>
            <input {...describedBy("goal-property-value", errors.propertyValue)} name="propertyValue" placeholder="pro" spellCheck={false} defaultValue={values.propertyValue} />
          </Field>
        </>
      )}
      <SubmitButton pendingLabel="Adding…">Add goal</SubmitButton>
    </form>
  );
}

/** "Add funnel": a name and 2-8 of the site's goals in order. */
export function FunnelForm({ siteId, goals }: { siteId: string; goals: { id: string; name: string }[] }) {
  const [state, action] = useActionState<FunnelFormState, FormData>(createFunnelAction.bind(null, siteId), {});
  const errors = state.fieldErrors ?? {};
  return (
    <form key={state.saved ?? 0} action={action} className="form" noValidate>
      <Field id="funnel-name" label="Name" errors={errors.name}>
        <input {...describedBy("funnel-name", errors.name)} name="name" required maxLength={100} placeholder="Trial to paid" defaultValue={state.values?.name} />
      </Field>
      <fieldset className="field" aria-describedby={errors.steps?.length ? "funnel-steps-error" : undefined}>
        <legend>Steps, in order (2 to {FUNNEL_MAX_STEPS}; leave the rest empty)</legend>
        {Array.from({ length: FUNNEL_MAX_STEPS }, (_, index) => (
          <label key={index} className="funnel-step-choice">
            {index + 1}.{" "}
            <select name="step" defaultValue="">
              <option value="">—</option>
              {goals.map((goal) => (
                <option key={goal.id} value={goal.id}>
                  {goal.name}
                </option>
              ))}
            </select>
          </label>
        ))}
        {errors.steps?.length ? (
          <p id="funnel-steps-error" className="field-error">
            {errors.steps.join(" ")}
          </p>
        ) : null}
      </fieldset>
      <SubmitButton pendingLabel="Adding…">Add funnel</SubmitButton>
    </form>
  );
}
