import Link from "next/link";
import type { CSSProperties } from "react";
import type { DashboardConversions } from "@/lib/conversions";
import { describeStep, stepLabel, type FunnelStepResult } from "@/lib/query/conversions-model";
import { dashboardHref, type DashboardState } from "@/lib/query/dashboard-url";
import { formatCount, formatShare } from "./format-metric";

interface ConversionsViewProps {
  data: DashboardConversions;
  state: DashboardState;
  basePath: string;
  /** Owners and admins get a link to define goals. */
  canEdit: boolean;
}

/**
 * Goals (visitors converted, conversions, rate) and one funnel from numbers at
 * hand: drawn by Conversions once the server's arrive, and by the
 * browser-computed dashboard from its own.
 */
export function ConversionsView({ data, state, basePath, canEdit }: ConversionsViewProps) {
  const { goals, funnels, funnel } = data;
  const manage = canEdit ? (
    <Link href={`${basePath}/goals`} className="button button-ghost">
      Manage goals
    </Link>
  ) : null;
  if (goals.length === 0 && funnels.length === 0) {
    return canEdit ? (
      <section className="card conversions-empty" aria-label="Goals">
        <p className="muted">Count signups, purchases or visits to a page as goals, and follow visitors through a funnel.</p>
        {manage}
      </section>
    ) : null;
  }
  return (
    <div className="panels">
      {goals.length > 0 ? (
        <section className="card panel" aria-labelledby="goals-title">
          <div className="panel-head">
            <h2 id="goals-title">Goals</h2>
            {manage}
          </div>
          <table className="breakdown">
            <thead>
              <tr>
                <th scope="col">Goal</th>
                <th scope="col" className="num">
                  <abbr title="Unique visitors who converted">Uniques</abbr>
                </th>
                <th scope="col" className="num num-secondary">
                  <abbr title="Every conversion, repeats included">Total</abbr>
                </th>
                <th scope="col" className="num share">
                  <abbr title="Conversion rate: share of all visitors">CR</abbr>
                </th>
              </tr>
            </thead>
            <tbody>
              {goals.map(({ goal, visitors, conversions, conversionRate }) => (
                <tr key={goal.id}>
                  <td className="bar-cell" style={{ "--share": `${conversionRate}%` } as CSSProperties}>
                    <span className="bar-label" title={describeStep(goal.step)}>
                      {goal.name}
                    </span>
                  </td>
                  <td className="num">{formatCount(visitors)}</td>
                  <td className="num num-secondary">{formatCount(conversions)}</td>
                  <td className="num share">{formatRate(conversionRate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      {funnel ? (
        <section className="card panel" aria-labelledby="funnel-title">
          <div className="panel-head">
            <h2 id="funnel-title">Funnel: {funnel.funnel.name}</h2>
            {goals.length === 0 ? manage : null}
          </div>
          {funnels.length > 1 ? (
            <nav className="tabs" aria-label="Funnels">
              {funnels.map((candidate) => (
                <Link
                  key={candidate.id}
                  href={dashboardHref(basePath, { ...state, funnel: candidate.id })}
                  className="tab"
                  aria-current={candidate.id === funnel.funnel.id ? "true" : undefined}
                  scroll={false}
                >
                  {candidate.name}
                </Link>
              ))}
            </nav>
          ) : null}
          <FunnelSteps steps={funnel.steps} />
        </section>
      ) : null}
    </div>
  );
}

/** Each step's visitors as a share of the first step's, and who dropped off since the step before. */
function FunnelSteps({ steps }: { steps: FunnelStepResult[] }) {
  const entered = steps[0]?.visitors ?? 0;
  return (
    <ol className="funnel">
      {steps.map(({ step, visitors }, index) => {
        const share = entered > 0 ? (100 * visitors) / entered : 0;
        const before = index === 0 ? undefined : steps[index - 1]!.visitors;
        const dropped = before === undefined ? 0 : before - visitors;
        return (
          <li key={index} className="funnel-step">
            <div className="funnel-label">
              <span title={describeStep(step)}>
                {index + 1}. {stepLabel(step)}
              </span>
              <span className="num">
                {formatCount(visitors)} · {formatShare(share)}
              </span>
            </div>
            <div className="funnel-bar" style={{ "--share": `${share}%` } as CSSProperties} aria-hidden="true" />
            {before !== undefined ? (
              <p className="muted funnel-drop">
                {dropped > 0 ? `${formatCount(dropped)} dropped off (${formatShare(before > 0 ? (100 * dropped) / before : 0)})` : "no drop-off"}
              </p>
            ) : (
              <p className="muted funnel-drop">entered the funnel</p>
            )}
          </li>
        );
      })}
    </ol>
  );
}

/** Conversion rates keep one decimal: 2.4% and 2.6% are different stories. */
function formatRate(percent: number): string {
  if (percent > 0 && percent < 0.1) return "<0.1%";
  return `${(Math.round(percent * 10) / 10).toLocaleString("en-US")}%`;
}
