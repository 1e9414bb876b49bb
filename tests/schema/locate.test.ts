import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { clearSchemaCache, loadProjectSchema } from '../../src/schema';
import { FolderListing } from '../../src/schema/files';
import { MAX_SOURCE_FILES } from '../../src/schema/locate';
import { copyFixture, fixture, load, names } from './helpers';

const temporary: string[] = [];
afterEach(() => {
  for (const dir of temporary.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  clearSchemaCache();
});

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

describe('finding the schema (auto)', () => {
  it('the nearest folder with a schema wins; a monorepo root scan finds packages/*', () => {
    const monorepo = fixture('monorepo');
    expect(names(load(monorepo, 'apps/web/src/page.ts'))).toEqual(['Visit']);
    const fromWorker = load(monorepo, 'apps/worker/src/jobs/sync.ts');
    expect(names(fromWorker)).toEqual(['Event', 'Org', 'Visit']);
    expect(fromWorker?.files).toEqual([`${monorepo}/apps/web/prisma/schema.prisma`, `${monorepo}/packages/db/prisma/schema.prisma`]);
  });

  it('never looks above the working directory', () => {
    const project = fixture('prisma');
    const cwd = path.join(project, 'src');
    expect(loadProjectSchema({ filename: path.join(cwd, 'jobs/sync.ts'), cwd, setting: 'auto' })).toBeUndefined();
  });

  it('searches from the working directory for stdin and virtual file names', () => {
    const project = fixture('prisma');
    expect(names(loadProjectSchema({ filename: '<input>', cwd: project, setting: 'auto' }))).toContain('Document');
    expect(names(loadProjectSchema({ filename: path.join(project, 'src/jobs/not-on-disk.ts'), cwd: project, setting: 'auto' }))).toContain('Document');
  });

  it('returns undefined when the project has no schema', () => {
    const project = fixture('prisma');
    expect(loadProjectSchema({ filename: path.join(project, 'src/jobs/sync.ts'), cwd: path.join(project, 'src/jobs'), setting: 'auto' })).toBeUndefined();
  });

  it('skips node_modules, dist, build, .git and hidden folders', () => {
    const project = copyFixture('typeorm');
    temporary.push(project);
    const entity = (name: string) => `import { Entity, PrimaryColumn } from 'typeorm';\n@Entity()\nexport class ${name} {\n  @PrimaryColumn() id!: string;\n}\n`;
    write(path.join(project, 'node_modules/lib/entities/a.entity.ts'), entity('FromNodeModules'));
    write(path.join(project, 'dist/entities/b.entity.ts'), entity('FromDist'));
    write(path.join(project, 'build/c.entity.ts'), entity('FromBuild'));
    write(path.join(project, '.git/d.entity.ts'), entity('FromGit'));
    write(path.join(project, '.cache/entities/e.entity.ts'), entity('FromHidden'));
    write(path.join(project, 'src/entities/f.entity.ts'), entity('Kept'));
    const schema = load(project, 'src/jobs/sync.ts');
    expect(names(schema)).toEqual(['CreditNote', 'Invoice', 'Kept', 'LineItem', 'Product', 'Tenant']);
  });

  it('reads at most MAX_SOURCE_FILES source files', () => {
    const project = copyFixture('typeorm');
    temporary.push(project);
    for (let index = 0; index < MAX_SOURCE_FILES + 50; index++) write(path.join(project, `src/extra/e${String(index).padStart(3, '0')}.entity.ts`), '// nothing\n');
    const schema = load(project, 'src/jobs/sync.ts');
    expect(schema?.files.length).toBe(MAX_SOURCE_FILES);
  });

  it('parses only files that carry a schema library token', () => {
    const project = copyFixture('mongoose');
    temporary.push(project);
    // Found by its folder, but with no `mongoose`/`drizzle-orm`/`typeorm`/DB token: never parsed.
    write(path.join(project, 'src/models/notes.ts'), 'export const = ;\n');
    // Carries a token and does not parse: reported with its line.
    write(path.join(project, 'src/models/broken.ts'), "import mongoose from 'mongoose';\n\nconst x = new mongoose.Schema({ a: String ;\n");
    const schema = load(project, 'src/jobs/sync.ts');
    expect(names(schema)).toEqual(['Account', 'Cat', 'Category', 'Owner', 'Project', 'Task', 'User']);
    expect(schema?.errors).toEqual([{ file: path.join(project, 'src/models/broken.ts'), line: 3, message: "',' expected." }]);
  });

  it('a broken drizzle.config is an error, and the usual folders are still read', () => {
    const project = copyFixture('drizzle-fallback');
    temporary.push(project);
    write(path.join(project, 'drizzle.config.ts'), 'export default {\n  schema: ,\n};\n');
    const schema = load(project, 'src/jobs/sync.ts');
    expect(names(schema)).toEqual(['invoices', 'settings', 'teams']);
    expect(schema?.errors).toEqual([{ file: path.join(project, 'drizzle.config.ts'), line: 2, message: 'Expression expected.' }]);
  });

  it('a drizzle.config schema that matches nothing is an error', () => {
    const project = copyFixture('drizzle-fallback');
    temporary.push(project);
    write(path.join(project, 'drizzle.config.json'), JSON.stringify({ schema: './src/missing/*.ts' }));
    const schema = load(project, 'src/jobs/sync.ts');
    expect(schema?.errors).toEqual([
      { file: path.join(project, 'drizzle.config.json'), message: 'the Drizzle schema location "./src/missing/*.ts" matches no source file' },
    ]);
    expect(names(schema)).toEqual(['invoices', 'settings', 'teams']);
  });
});

describe('finding the schema (a list of paths)', () => {
  it('reads only the listed files and folders, relative to the working directory', () => {
    const monorepo = fixture('monorepo');
    const schema = load(monorepo, 'apps/web/src/page.ts', ['packages/db/prisma/schema.prisma']);
    expect(names(schema)).toEqual(['Event', 'Org']);
    expect(schema?.files).toEqual([`${monorepo}/packages/db/prisma/schema.prisma`]);
  });

  it('reports a missing path and keeps the others', () => {
    const monorepo = fixture('monorepo');
    const schema = load(monorepo, 'apps/web/src/page.ts', ['prisma/nope.prisma', 'packages/db/prisma']);
    expect(names(schema)).toEqual(['Event', 'Org']);
    expect(schema?.errors).toEqual([{ file: `${monorepo}/prisma/nope.prisma`, message: 'the schema path "prisma/nope.prisma" does not exist' }]);
  });

  it('mixes kinds', () => {
    const root = path.resolve(fixture('prisma'), '..');
    const schema = load(root, 'prisma/src/jobs/sync.ts', ['prisma/prisma/schema.prisma', 'kysely/src/db/types.ts', 'mongoose/src/models']);
    expect(schema?.models.map((entry) => entry.kind)).toEqual([
      ...Array(11).fill('prisma'),
      ...Array(5).fill('mongoose'),
      ...Array(7).fill('kysely'),
    ]);
  });
});

describe('one listing of each folder searched', () => {
  it('rules out the names a folder does not hold, without letter case, and nothing when it cannot be listed', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenant-jobs-listing-'));
    temporary.push(dir);
    write(path.join(dir, 'Schema.PRISMA'), '');
    write(path.join(dir, 'prisma', 'x.txt'), '');
    const listing = new FolderListing(dir);
    expect(listing.mayHold('schema.prisma')).toBe(true);
    expect(listing.mayHold('prisma')).toBe(true);
    expect(listing.mayHold('PRISMA')).toBe(true);
    expect(listing.mayHold('package.json')).toBe(false);
    expect(listing.mayHold('.git')).toBe(false);
    // A folder that is not there, or a file: nothing is ruled out, each name is asked about as before.
    expect(new FolderListing(path.join(dir, 'missing')).mayHold('package.json')).toBe(true);
    expect(new FolderListing(path.join(dir, 'prisma', 'x.txt')).mayHold('schema.prisma')).toBe(true);
    // Listed: a folder that exists; not a missing one, not a file.
    expect(listing.listed).toBe(true);
    expect(new FolderListing(path.join(dir, 'missing')).listed).toBe(false);
    expect(new FolderListing(path.join(dir, 'prisma', 'x.txt')).listed).toBe(false);
  });

  it('takes the entries of a listing the caller just made, without listing the folder again', () => {
    // The folder is not there: the names given are the answer, not a failed listing.
    const given = new FolderListing(path.join(os.tmpdir(), 'tenant-jobs-not-there'), ['package.json', 'Prisma']);
    expect(given.listed).toBe(true);
    expect(given.mayHold('package.json')).toBe(true);
    expect(given.mayHold('prisma')).toBe(true);
    expect(given.mayHold('schema.prisma')).toBe(false);
  });

  it('starts from the nearest folder that exists, for a file in folders not made yet and after a search that walked them', () => {
    const project = fs.mkdtempSync(path.join(os.tmpdir(), 'tenant-jobs-listing-'));
    temporary.push(project);
    write(path.join(project, 'src', 'jobs', 'prisma', 'schema.prisma'), 'model Invoice {\n  id String @id\n  organizationId String\n}\n');
    write(path.join(project, 'prisma', 'schema.prisma'), 'model Plan {\n  id String @id\n}\n');
    write(path.join(project, 'src', 'jobs', 'reports', 'a.ts'), '');
    // Not on disk: the search starts in src/jobs, the nearest folder that is.
    expect(names(load(project, 'src/jobs/new/deeper/draft.ts'))).toEqual(['Invoice']);
    // src/jobs/reports was never walked: listed, then searched from (its parent's schema wins).
    expect(names(load(project, 'src/jobs/reports/a.ts'))).toEqual(['Invoice']);
    // src was walked as an ancestor by both searches: known to exist, and searched from itself.
    expect(names(load(project, 'src/b.ts'))).toEqual(['Plan']);
    // After the cache is cleared: a folder not made yet under src starts the search in src again.
    clearSchemaCache();
    expect(names(load(project, 'src/missing/c.ts'))).toEqual(['Plan']);
  });

  it('finds every fixed place of a folder among many other entries, and what is beside the listing in a deeper folder', () => {
    const project = fs.mkdtempSync(path.join(os.tmpdir(), 'tenant-jobs-listing-'));
    temporary.push(project);
    for (let i = 0; i < 300; i++) write(path.join(project, 'src', 'jobs', `job-${i}.ts`), '');
    write(path.join(project, 'src', 'jobs', 'prisma', 'schema.prisma'), 'model Invoice {\n  id String @id\n  organizationId String\n}\n');
    expect(names(load(project, 'src/jobs/job-1.ts'))).toEqual(['Invoice']);
    clearSchemaCache();
    fs.rmSync(path.join(project, 'src', 'jobs', 'prisma'), { recursive: true });
    write(path.join(project, 'schema.prisma'), 'model Plan {\n  id String @id\n}\n');
    write(path.join(project, 'package.json'), '{}');
    expect(names(load(project, 'src/jobs/job-1.ts'))).toEqual(['Plan']);
  });
});
