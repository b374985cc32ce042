// Server-side surface of goals and funnels. Client components import the
// actions from "@/lib/conversions/actions" and the model from
// "@/lib/query/conversions-model".
export { listFunnels, listGoals } from "./definitions";
export { loadConversions, type DashboardConversions } from "./load-conversions";
