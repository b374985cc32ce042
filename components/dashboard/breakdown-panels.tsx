import type { DashboardBreakdowns } from "@/lib/query";
import { BreakdownPanel } from "./breakdown-panel";
import { DIMENSION_LABELS, PANEL_GROUPS, withLabels } from "./dimensions";
import { EventProperties } from "./event-properties";

interface BreakdownPanelsProps {
  /** Still loading: the panels stream in after the headline numbers. */
  data: Promise<DashboardBreakdowns>;
  totalVisitors: number;
  basePath: string;
}

/** Every dimension's top values, in Plausible's grouping: sources, pages, locations, devices, custom events. */
export async function BreakdownPanels({ data, totalVisitors, basePath }: BreakdownPanelsProps) {
  const { breakdowns, properties } = await data;
  return (
    <div className="panels">
      {PANEL_GROUPS.map((group) => {
        const isEvents = group.dimensions.includes("event");
        return (
          <BreakdownPanel
            key={group.id}
            title={group.title}
            tabs={group.dimensions.map((dimension) => ({
              dimension,
              tab: DIMENSION_LABELS[dimension].tab,
              column: DIMENSION_LABELS[dimension].name,
              rows: withLabels(dimension, breakdowns[dimension]),
            }))}
            totalVisitors={totalVisitors}
            basePath={basePath}
            withProperties={isEvents}
          >
            {isEvents && properties ? <EventProperties rows={properties} /> : null}
          </BreakdownPanel>
        );
      })}
    </div>
  );
}

/** The panels' shape while their rows load. */
export function BreakdownPanelsSkeleton() {
  return (
    <div className="panels" aria-busy="true" aria-label="Loading breakdowns">
      {PANEL_GROUPS.map((group) => (
        <section key={group.id} className="card panel" aria-label={`${group.title}, loading`}>
          <h2>{group.title}</h2>
          {Array.from({ length: 6 }, (_, i) => (
            <div key={i} className="skeleton skeleton-line" />
          ))}
        </section>
      ))}
    </div>
  );
}
