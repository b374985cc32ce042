export { appDatabase, closeAppDatabase, configuredOpenOptions, getDb } from "./app-database";
export { maintainReadModels } from "./maintain-read-models";
export { migrateDatabase } from "./migrate";
export { queryRows } from "./query-rows";
export { TENANT_ROLE, withTenantScope } from "./tenant-scope";
export { openDatabase, type Database, type DatabaseHandle, type Driver, type OpenOptions, type RawClient } from "./open-database";
export * as schema from "./schema";
