import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { clearSchemaCache } from '../../src/schema';
import { copyFixture, load, model, names } from './helpers';

const temporary: string[] = [];
afterEach(() => {
  for (const dir of temporary.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  clearSchemaCache();
});

function project(name: string): string {
  const dir = copyFixture(name);
  temporary.push(dir);
  return dir;
}

/** Sets a file's modification time `seconds` after its current one. */
function touch(file: string, seconds: number): void {
  const { atime, mtime } = fs.statSync(file);
  fs.utimesSync(file, atime, new Date(mtime.getTime() + seconds * 1000));
}

describe('schema cache', () => {
  it('returns the same schema object while no file changed', () => {
    const dir = project('prisma');
    const first = load(dir, 'src/jobs/sync.ts');
    expect(load(dir, 'src/jobs/sync.ts')).toBe(first);
    // Another file of the same folder shares the search and the parsed files; so does a file of
    // another folder that finds the same schema.
    fs.writeFileSync(path.join(dir, 'src/jobs/other.ts'), 'export {};\n');
    expect(load(dir, 'src/jobs/other.ts')).toBe(first);
    expect(load(dir, 'src/index.ts')).toBe(first);
  });

  it('re-reads a Prisma schema whose modification time changed', () => {
    const dir = project('prisma');
    const file = path.join(dir, 'prisma/schema.prisma');
    const first = load(dir, 'src/jobs/sync.ts');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('model Plan {', 'model Tier {'));
    touch(file, 10);
    const second = load(dir, 'src/jobs/sync.ts');
    expect(second).not.toBe(first);
    expect(names(second)).toContain('Tier');
    expect(names(second)).not.toContain('Plan');
  });

  it('re-reads when only the modification time changed, and gives an equal schema', () => {
    const dir = project('prisma');
    const file = path.join(dir, 'prisma/schema.prisma');
    const first = load(dir, 'src/jobs/sync.ts');
    touch(file, 5);
    const second = load(dir, 'src/jobs/sync.ts');
    expect(second).not.toBe(first);
    expect(second).toEqual(first);
  });

  it('re-reads a changed TS source file and relinks across files', () => {
    const dir = project('drizzle');
    const columns = path.join(dir, 'src/db/schema/columns.ts');
    const first = load(dir, 'src/jobs/sync.ts');
    expect(model(first, 'projects').fields.map((field) => field.name)).toContain('workspaceId');
    fs.writeFileSync(columns, fs.readFileSync(columns, 'utf8').replace("workspaceId: uuid('workspace_id').notNull(),", ''));
    touch(columns, 10);
    const second = load(dir, 'src/jobs/sync.ts');
    expect(model(second, 'projects').fields.map((field) => field.name)).toEqual(['createdAt', 'id']);
  });

  it('a schema that became malformed gives an error; fixed, it is read again', () => {
    const dir = project('prisma-multi');
    const file = path.join(dir, 'prisma/schema/models/project.prisma');
    const good = fs.readFileSync(file, 'utf8');
    expect(load(dir, 'src/jobs/sync.ts')?.errors).toEqual([]);
    fs.writeFileSync(file, `${good}\nmodel Broken {\n  id String @id\n  x\n}\n`);
    touch(file, 10);
    const broken = load(dir, 'src/jobs/sync.ts');
    expect(broken?.models).toEqual([]);
    expect(broken?.errors).toEqual([{ file, line: 18, message: 'Error validating model "Broken": This field declaration is invalid. It is either missing a name or a type.' }]);
    fs.writeFileSync(file, good);
    touch(file, 20);
    expect(names(load(dir, 'src/jobs/sync.ts'))).toEqual(['Project', 'Task', 'Workspace']);
  });

  it('keeps the directory search for the process: a new schema file is seen after clearSchemaCache()', () => {
    const dir = project('prisma-package-json');
    const first = load(dir, 'src/worker.ts');
    fs.mkdirSync(path.join(dir, 'src/models'));
    fs.writeFileSync(
      path.join(dir, 'src/models/log.ts'),
      "import { model, Schema } from 'mongoose';\nexport const Log = model('Log', new Schema({ tenantId: String }));\n",
    );
    expect(load(dir, 'src/worker.ts')).toBe(first);
    clearSchemaCache();
    expect(names(load(dir, 'src/worker.ts'))).toEqual(['Log', 'Tenant', 'Ticket']);
  });

  it('returns frozen data', () => {
    const schema = load(project('prisma'), 'src/jobs/sync.ts');
    expect(Object.isFrozen(schema)).toBe(true);
    expect(Object.isFrozen(schema?.models[0].fields[0])).toBe(true);
  });
});
