/**
 * `npm run demo:seed`: seeds the demo into the database the environment points at (the embedded
 * one, or DATABASE_URL), then runs every job once and the results job until the demo experiments
 * have their whole daily history, so the dashboard is complete when it opens. Refuses a database that has experiments.
 * Do not run it against an embedded database while the server has it open.
 */
import { seedDemoAlertRules } from "#app/services/demo-alerts.server";
import { seedDemoData } from "#app/services/demo-data.server";
import { jobs } from "#jobs/registry";
import { createLogger } from "#lib/log";
import { openConfiguredDatabase } from "./open-db";

const db = await openConfiguredDatabase();
const log = createLogger("info");
try {
  if (!(await seedDemoData(db, new Date()))) {
    log.error("the database already has experiments: demo not seeded");
    process.exitCode = 1;
  } else {
    await seedDemoAlertRules(db, new Date());
    // As `npm start` does after seeding: every job once (the results job computes the whole history).
    for (const job of jobs) await job.run({ db, now: new Date(), log });
    log.info("seeded the demo", { driver: db.driver });
  }
} finally {
  await db.close();
}
