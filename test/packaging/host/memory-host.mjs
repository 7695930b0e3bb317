// A host on the in-memory store: does some work, then prints which of the modules it loaded are native or gRPC
// ones. `node memory-host.mjs root` takes MemoryEventStore from the package root instead, which loads SQLite: the
// check is seen to fail there.
import { createRequire, register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';

// The hook thread's messages arrive in order: once this last import is reported, every earlier one has been.
const LAST = 'data:text/javascript,export default "last"';
const resolved = [];
const { port1, port2 } = new MessageChannel();
const allReported = new Promise((done) => port1.on('message', (url) => {
  resolved.push(url);
  if (url === LAST) done();
}));
register('./record-resolved.mjs', import.meta.url, { data: { port: port2 }, transferList: [port2] });

const { createEngine } = await import('@vaxledger/application');
const { MemoryEventStore } = await import(process.argv[2] === 'root' ? '@vaxledger/adapters' : '@vaxledger/adapters/memory');
const { hostAuthenticated } = await import('@vaxledger/domain');

const engine = createEngine({ store: new MemoryEventStore(), tenant: '041009', authenticator: hostAuthenticated });
await engine.initTenant('admin.sato');
const clerk = engine.session('admin.sato', 'registration');
await clerk.registerResident('000123', {
  kanaName: 'シケン タロウ', kanjiName: '試験 太郎', sex: 'male', birthDate: '2025-04-02', address: '仙台市青葉区試験町1番地',
});
await clerk.recordVaccination({ residentId: '000123', vaccine: 'hib', dose: 1, date: '2025-06-05', lot: 'AB123', source: 'clinic-slip' });
const view = await engine.session('admin.sato', 'inquiry').viewLedger('000123');
const report = await engine.verify();
await engine.close();

await import(LAST);
await allReported;
port1.close();
// CommonJS modules (better-sqlite3's own files, gRPC) also sit in require.cache, whoever loaded them.
const loaded = [...new Set([...resolved, ...Object.keys(createRequire(import.meta.url).cache)])];
console.log(JSON.stringify({
  ok: report.ok,
  records: view.records.length,
  loadedOurs: loaded.filter((url) => url.includes('/node_modules/@vaxledger/')).length,
  forbidden: loaded.filter((url) => /\/node_modules\/(better-sqlite3|@grpc|@eventstore)\//.test(url)),
}));
