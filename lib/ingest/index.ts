export { appendEvents, databaseBackend } from "./database-backend";
