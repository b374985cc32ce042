export * from "./tenancy";
export * from "./events";
export * from "./projections";
export * from "./conversions";
export * from "./access";
export * from "./auth";
export * from "./lake";
