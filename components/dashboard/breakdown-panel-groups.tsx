"use client";

import type { BreakdownRow, Dimension, PropertyRow } from "@/lib/query/dashboard-model";
import { BreakdownPanel } from "./breakdown-panel";
import { DIMENSION_LABELS, PANEL_GROUPS, withLabels } from "./dimensions";
import { EventProperties } from "./event-properties";

interface BreakdownPanelGroupsProps {
  breakdowns: Record<Dimension, BreakdownRow[]>;
  /** The properties of the event the URL opens, when one is open. */
  properties: PropertyRow[] | null;
  totalVisitors: number;
  basePath: string;
}

/**
 * The breakdown panels from rows at hand: drawn by BreakdownPanels once the
 * server's rows arrive, and by the browser-computed dashboard from its own.
 */
export function BreakdownPanelGroups({ breakdowns, properties, totalVisitors, basePath }: BreakdownPanelGroupsProps) {
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
