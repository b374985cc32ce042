import { migrateDatabase, openDatabase, schema } from "@/lib/db";
import type { AppDatabase } from "./app-server";

/**
 * Migrate `database` and give it an organisation and a site with `publicKey`
 * (any origin allowed). Call before the server starts: PGlite is single-process.
 */
export async function prepareSite(database: AppDatabase, publicKey: string): Promise<string> {
  const handle = await openDatabase(database);
  try {
    await migrateDatabase(handle);
    const [org] = await handle.db.insert(schema.organisations).values({ name: "Test organisation" }).returning();
    const [site] = await handle.db.insert(schema.sites).values({ organisationId: org!.id, name: "Test site", publicKey }).returning();
    return site!.id;
  } finally {
    await handle.close();
  }
}
