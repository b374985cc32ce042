import type { DashboardConversions } from "@/lib/conversions";
import type { DashboardState } from "@/lib/query/dashboard-url";
import { ConversionsView } from "./conversions-view";

interface ConversionsProps {
  data: Promise<DashboardConversions>;
  state: DashboardState;
  basePath: string;
  /** Owners and admins get a link to define goals. */
  canEdit: boolean;
}

/** Goals and one funnel for the dashboard's range and filters, drawn when the server's numbers arrive. */
export async function Conversions({ data, ...view }: ConversionsProps) {
  return <ConversionsView data={await data} {...view} />;
}
