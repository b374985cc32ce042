import { customType } from "drizzle-orm/pg-core";

/** Postgres `xid8`, a 64-bit transaction id that never wraps; carried as decimal text. */
export const xid8 = customType<{ data: string; driverData: string }>({
  dataType: () => "xid8",
});
