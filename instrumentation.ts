/** Next.js calls this once when a server starts. */
export async function register() {
  // The Edge runtime has no database of its own; jobs live on the Node side.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { env } = await import("./lib/env");
    env(); // validate configuration now: a bad value stops start-up with its name
    const { startInProcessJobs } = await import("./lib/jobs/in-process-jobs");
    await startInProcessJobs();
  }
}
