import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ConfigService } from '../../src/config/config.service.js';
import { dataSourceOptions } from '../../src/database/data-source-options.js';
import { runMigrations } from '../../src/database/run-migrations.js';
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';

test('pglite migrations', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-'));
  const ds = await new DataSource(dataSourceOptions(new ConfigService({ DATA_DIR: dir }))).initialize();
  console.log(await runMigrations(ds));
  console.log(await runMigrations(ds));
  const r = await Promise.all([ds.query('select gen_random_uuid() as id'), ds.transaction(async (m) => { await m.query('select pg_sleep(0.2)'); return m.query('select 1 as one'); })]);
  console.log(JSON.stringify(r));
  const qr = ds.createQueryRunner();
  console.log(await qr.query(`insert into users (email, name, role) values ('a@b', 'A', 'student') returning id`, [], true));
  console.log(await qr.query(`update users set name = $1 where email = 'a@b' returning id`, ['B'], true));
  await qr.release();
  await ds.destroy();
});
