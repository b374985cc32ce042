// Server-side surface of public share links. Client components import the
// actions from "@/lib/sharing/actions".
export { listShareLinks, sharePath, type ShareLinkSummary } from "./share-links";
