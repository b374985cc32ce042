import { describedBy, Field } from "./form-field";

/** The "Domains" field of the site forms: hostnames separated by commas or spaces. */
export function DomainsField({ id, hint, errors, defaultValue, placeholder }: { id: string; hint: string; errors?: readonly string[]; defaultValue?: string; placeholder?: string }) {
  return (
    <Field id={id} label="Domains" hint={hint} errors={errors}>
      <input
        {...describedBy(id, errors, true)}
        name="domains"
        required
        autoCapitalize="none"
        autoCorrect="off"
        spellCheck={false}
        placeholder={placeholder}
        defaultValue={defaultValue}
      />
    </Field>
  );
}

/** The "Time zone" select of the site forms; `timeZones` comes from the server, so it offers exactly what validation accepts. */
export function TimeZoneField({ id, hint, errors, value, timeZones }: { id: string; hint: string; errors?: readonly string[]; value: string; timeZones: readonly string[] }) {
  return (
    <Field id={id} label="Time zone" hint={hint} errors={errors}>
      {/* React resets the form after its action, which puts a <select> back on the option
          that was its default when it mounted (a controlled one too). Remounting on the
          submitted value makes that default the user's choice. */}
      <select key={value} {...describedBy(id, errors, true)} name="timeZone" defaultValue={value}>
        {timeZones.map((zone) => (
          <option key={zone} value={zone}>
            {zone.replaceAll("_", " ")}
          </option>
        ))}
      </select>
    </Field>
  );
}
