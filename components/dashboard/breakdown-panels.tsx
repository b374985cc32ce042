import type { DashboardBreakdowns } from "@/lib/query";
import { BreakdownPanelGroups } from "./breakdown-panel-groups";
import { PANEL_GROUPS } from "./dimensions";

interface BreakdownPanelsProps {
  /** Still loading: the panels stream in after the headline numbers. */
  data: Promise<DashboardBreakdowns>;
  totalVisitors: number;
  basePath: string;
}

/** Every dimension's top values, in Plausible's grouping: sources, pages, locations, devices, custom events. */
export async function BreakdownPanels({ data, totalVisitors, basePath }: BreakdownPanelsProps) {
  const { breakdowns, properties } = await data;
  return <BreakdownPanelGroups breakdowns={breakdowns} properties={properties} totalVisitors={totalVisitors} basePath={basePath} />;
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
