// Child process for the lock tests: `tsx open-db.ts <dataDir> try|hold`.
// try: opens the embedded database, prints {"ok":true} or {"ok":false,"busy":…,"message":…}, closes.
// hold: opens it, prints {"ok":true,"pid":…} and keeps it open until killed.
import { DatabaseBusyError, openDatabase } from "../../../lib/db";

async function main(): Promise<void> {
  const [location, mode] = process.argv.slice(2);
  try {
    const database = await openDatabase({ kind: "pglite", location });
    process.stdout.write(JSON.stringify({ ok: true, pid: process.pid }) + "\n");
    if (mode === "hold") {
      setInterval(() => undefined, 60_000);
      return;
    }
    await database.close();
  } catch (error) {
    process.stdout.write(JSON.stringify({ ok: false, busy: error instanceof DatabaseBusyError, message: (error as Error).message }) + "\n");
    process.exitCode = 3;
  }
}

void main();
