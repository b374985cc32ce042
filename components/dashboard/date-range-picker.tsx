"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { dashboardHref, isDay, MAX_CUSTOM_DAYS, PERIOD_LABELS, PRESET_PERIODS, withPeriod } from "@/lib/query/dashboard-url";
import { useDashboardState } from "./use-dashboard-state";

interface DateRangePickerProps {
  basePath: string;
  /** What the button says: the period's name, or the custom range's days. */
  label: string;
  /** Today in the site's time zone (YYYY-MM-DD), the default end of a custom range. */
  today: string;
}

/**
 * The period menu: presets as plain links, and a custom range from/to form.
 * Either way the period lands in the URL, so the server renders it.
 */
export function DateRangePicker({ basePath, label, today }: DateRangePickerProps) {
  const state = useDashboardState();
  const router = useRouter();
  const menu = useRef<HTMLDetailsElement>(null);
  const [error, setError] = useState<string | null>(null);

  function close(focusSummary = false) {
    if (!menu.current?.open) return;
    menu.current.open = false;
    if (focusSummary) menu.current.querySelector("summary")?.focus();
  }

  // Escape or a click elsewhere closes the menu, as a menu is expected to.
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.key === "Escape") close(true);
    }
    function onClick(event: MouseEvent) {
      if (menu.current && event.target instanceof Node && !menu.current.contains(event.target)) close();
    }
    document.addEventListener("keydown", onKey);
    document.addEventListener("click", onClick);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("click", onClick);
    };
  }, []);

  function applyCustom(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const from = String(data.get("from") ?? "");
    const to = String(data.get("to") ?? "");
    if (!isDay(from) || !isDay(to)) return setError("Pick both days.");
    if (from > to) return setError("The first day must not be after the last.");
    if ((Date.parse(to) - Date.parse(from)) / 86_400_000 >= MAX_CUSTOM_DAYS) return setError("Pick at most ten years.");
    setError(null);
    close();
    router.push(dashboardHref(basePath, withPeriod(state, "custom", from, to)));
  }

  return (
    <details className="picker" ref={menu}>
      <summary className="button picker-button">
        <span className="visually-hidden">Date range: </span>
        {label}
        <span className="picker-caret" aria-hidden="true" />
      </summary>
      <div className="picker-menu">
        <ul className="picker-presets" aria-label="Date ranges">
          {PRESET_PERIODS.map((period) => (
            <li key={period}>
              <Link
                href={dashboardHref(basePath, withPeriod(state, period))}
                aria-current={state.period === period ? "true" : undefined}
                onClick={() => close()}
              >
                {PERIOD_LABELS[period]}
              </Link>
            </li>
          ))}
        </ul>
        <form className="picker-custom" onSubmit={applyCustom} noValidate>
          <fieldset>
            <legend>Custom range</legend>
            <label>
              From
              <input type="date" name="from" required max={today} defaultValue={state.from ?? today} aria-describedby={error ? "picker-error" : undefined} />
            </label>
            <label>
              To
              <input type="date" name="to" required defaultValue={state.to ?? today} aria-describedby={error ? "picker-error" : undefined} />
            </label>
          </fieldset>
          {error ? (
            <p id="picker-error" className="field-error" role="alert">
              {error}
            </p>
          ) : null}
          <button type="submit" className="button button-small button-primary">
            Apply
          </button>
        </form>
      </div>
    </details>
  );
}
