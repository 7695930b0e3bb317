// Holds a SQLite store's write lock for a while in a process of its own, as another writer (a long import) would:
// prints `held` once it has the lock and `released <ms since epoch>` just before it lets it go.
import Database from 'better-sqlite3';

const [file, holdMs] = process.argv.slice(2);
const db = new Database(file!);
db.exec('BEGIN IMMEDIATE');
process.stdout.write('held\n');
setTimeout(() => {
  process.stdout.write(`released ${Date.now()}\n`);
  db.exec('COMMIT');
  db.close();
}, Number(holdMs));
