// Server-side surface of goals and funnels. Client components import the
// actions from "@/lib/conversions/actions" and the model from
// "@/lib/query/conversions-model", and the funnel choice from
// "@/lib/conversions/choose-funnel".
export { listFunnels, listGoals } from "./definitions";
export { loadConversionDefinitions, loadConversions, type ConversionDefinitions, type DashboardConversions } from "./load-conversions";
