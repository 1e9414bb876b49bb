import { describe, expect, it } from 'vitest';
import { sql } from '../../../src/analysis/data/sql';
import { queries } from '../probe';
import { LOOK_ALIKE_CALLS, constraint, handlerQueries } from './shared';

const PG = `import { Pool } from 'pg';\nconst pool = new Pool();\n`;

/** The queries the raw-SQL layer finds in `body`, placed in a handler after `header`. */
function inHandler(body: string, header = PG, settings: Record<string, unknown> = {}) {
  return handlerQueries(sql, header, body, settings);
}

/** Only what a test is about: table, operation, constraints, opaque. */
function brief(body: string, header = PG) {
  return inHandler(body, header).map(({ model, operation, constraints, opaque }) => ({ model, operation, constraints, opaque }));
}

const org = (column = 'organization_id', value = 'organizationId') => constraint(column, value);
/** A constraint whose value is no expression of the file (a literal in the SQL, or values it cannot see). */
const fixed = (column = 'organization_id') => constraint(column, undefined);

describe('sql: call shapes', () => {
  it('reads pg pool.query(text, values) and client.query({ text, values })', () => {
    expect(
      inHandler(`
  await pool.query('SELECT * FROM documents WHERE organization_id = $1 AND id = $2', [organizationId, id]);
  const client = await pool.connect();
  await client.query({ text: 'DELETE FROM documents WHERE organization_id = $1', values: [organizationId] });
  await client.query({ text: 'UPDATE documents SET done = true WHERE organization_id = $1' }, [organizationId]);`),
    ).toEqual([
      {
        layer: 'sql',
        model: 'documents',
        operation: 'select',
        kind: 'raw',
        constraints: [org()],
        opaque: false,
        text: "pool.query('SELECT * FROM documents WHERE organization_id = $1 AND id = $2', [organizationId, id])",
      },
      {
        layer: 'sql',
        model: 'documents',
        operation: 'delete',
        kind: 'raw',
        constraints: [org()],
        opaque: false,
        text: "client.query({ text: 'DELETE FROM documents WHERE organization_id = $1', values: [organizationId] })",
      },
      {
        layer: 'sql',
        model: 'documents',
        operation: 'update',
        kind: 'raw',
        constraints: [org()],
        opaque: false,
        text: "client.query({ text: 'UPDATE documents SET done = true WHERE organization_id = $1' }, [organizationId])",
      },
    ]);
  });

  it('recognises pg by its default import, Client, Neon and mysql2 (with ? placeholders and execute)', () => {
    expect(
      brief(
        `
  await pgPool.query('SELECT * FROM a WHERE org_id = $1', [organizationId]);
  await pgClient.query('SELECT * FROM b WHERE org_id = $1', [organizationId]);
  await neonPool.query('SELECT * FROM c WHERE org_id = $1', [organizationId]);
  await mysqlPool.execute('SELECT * FROM d WHERE id = ? AND org_id = ?', [id, organizationId]);
  await mysqlPool.query('DELETE FROM e WHERE org_id = ?', [organizationId]);`,
        `import pg from 'pg';
import { Client } from 'pg';
import { Pool as NeonPool } from '@neondatabase/serverless';
import mysql from 'mysql2/promise';
const pgPool = new pg.Pool();
const pgClient = new Client();
const neonPool = new NeonPool();
const mysqlPool = mysql.createPool({});
`,
      ),
    ).toEqual([
      { model: 'a', operation: 'select', constraints: [org('org_id')], opaque: false },
      { model: 'b', operation: 'select', constraints: [org('org_id')], opaque: false },
      { model: 'c', operation: 'select', constraints: [org('org_id')], opaque: false },
      { model: 'd', operation: 'select', constraints: [org('org_id')], opaque: false },
      { model: 'e', operation: 'delete', constraints: [org('org_id')], opaque: false },
    ]);
  });

  it('recognises pool, client, pg, db and graphile-worker helpers by name when the text is SQL', () => {
    expect(
      queries(
        `import { pool, db } from '@/lib/db';
export default async function task(payload, helpers) {
  await pool.query('SELECT id FROM documents WHERE organization_id = $1', [payload.organizationId]);
  await db.query(\`UPDATE documents SET done = true WHERE id = $1\`, [payload.id]);
  await helpers.query('DELETE FROM jobs_log WHERE organization_id = $1', [payload.organizationId]);
  await pool.query(payload.text);
  await db.query('users');
  await db.query({ query: 'GetUsers' });
}`,
        {},
        sql,
      ).map(({ model, operation, constraints }) => ({ model, operation, constraints })),
    ).toEqual([
      { model: 'documents', operation: 'select', constraints: [{ column: 'organization_id', value: 'payload.organizationId' }] },
      { model: 'documents', operation: 'update', constraints: [] },
      { model: 'jobs_log', operation: 'delete', constraints: [{ column: 'organization_id', value: 'payload.organizationId' }] },
    ]);
  });

  it('reads postgres.js tagged templates, nested fragments, sql.unsafe and sql.begin', () => {
    expect(
      inHandler(
        `
  await sql\`SELECT * FROM documents WHERE organization_id = \${organizationId}\`;
  const scope = sql\`organization_id = \${organizationId}\`;
  await sql\`UPDATE documents SET done = true WHERE \${scope} AND id = \${id}\`;
  await sql\`DELETE FROM documents WHERE id = \${id} AND \${sql\`organization_id = \${organizationId}\`}\`;
  await sql.unsafe('SELECT * FROM projects WHERE organization_id = $1', [organizationId]);
  await sql.begin(async (sql) => {
    await sql\`DELETE FROM tasks WHERE organization_id = \${organizationId}\`;
  });
  const rows = await sql\`SELECT id FROM documents WHERE organization_id = \${organizationId}\`.values();`,
        `import postgres from 'postgres';\nconst sql = postgres(process.env.DATABASE_URL);\n`,
      ).map(({ model, operation, constraints, text }) => ({ model, operation, constraints, text })),
    ).toEqual([
      { model: 'documents', operation: 'select', constraints: [org()], text: 'sql`SELECT * FROM documents WHERE organization_id = ${organizationId}`' },
      { model: 'documents', operation: 'update', constraints: [org()], text: 'sql`UPDATE documents SET done = true WHERE ${scope} AND id = ${id}`' },
      {
        model: 'documents',
        operation: 'delete',
        constraints: [org()],
        text: 'sql`DELETE FROM documents WHERE id = ${id} AND ${sql`organization_id = ${organizationId}`}`',
      },
      { model: 'projects', operation: 'select', constraints: [org()], text: "sql.unsafe('SELECT * FROM projects WHERE organization_id = $1', [organizationId])" },
      { model: 'tasks', operation: 'delete', constraints: [org()], text: 'sql`DELETE FROM tasks WHERE organization_id = ${organizationId}`' },
      { model: 'documents', operation: 'select', constraints: [org()], text: 'sql`SELECT id FROM documents WHERE organization_id = ${organizationId}`' },
    ]);
  });

  it('reads @vercel/postgres sql, db.sql, a connected client and sql.query', () => {
    expect(
      brief(
        `
  await sql\`SELECT * FROM a WHERE organization_id = \${organizationId}\`;
  await db.sql\`SELECT * FROM b WHERE organization_id = \${organizationId}\`;
  const client = await db.connect();
  await client.sql\`SELECT * FROM c WHERE organization_id = \${organizationId}\`;
  await sql.query('SELECT * FROM d WHERE organization_id = $1', [organizationId]);`,
        `import { sql, db } from '@vercel/postgres';\n`,
      ).map((query) => query.model),
    ).toEqual(['a', 'b', 'c', 'd']);
  });

  it('reads slonik query tags (typeAlias, type, unsafe), not sql.fragment', () => {
    expect(
      brief(
        `
  await pool.one(sql.typeAlias('document')\`SELECT * FROM documents WHERE organization_id = \${organizationId}\`);
  await pool.any(sql.type(Doc)\`SELECT * FROM projects WHERE id = \${id}\`);
  await pool.query(sql.unsafe\`DELETE FROM tasks WHERE organization_id = \${organizationId}\`);
  const cond = sql.fragment\`organization_id = \${organizationId}\`;`,
        `import { createPool, sql } from 'slonik';\nconst pool = await createPool('');\n`,
      ),
    ).toEqual([
      { model: 'documents', operation: 'select', constraints: [org()], opaque: false },
      { model: 'projects', operation: 'select', constraints: [], opaque: false },
      { model: 'tasks', operation: 'delete', constraints: [org()], opaque: false },
    ]);
  });

  it("reads Drizzle's db.execute(sql`…`) and sql.raw, and Kysely's sql`…`.execute(db)", () => {
    expect(
      brief(
        `
  await db.execute(sql\`DELETE FROM documents WHERE organization_id = \${organizationId}\`);
  await db.execute(sql.raw('SELECT * FROM projects'));
  await db.select().from(documents).where(sql\`organization_id = \${organizationId}\`);
  await ksql\`UPDATE tasks SET done = true WHERE organization_id = \${organizationId}\`.execute(kdb);`,
        `import { sql } from 'drizzle-orm';\nimport { sql as ksql } from 'kysely';\n`,
      ),
    ).toEqual([
      { model: 'documents', operation: 'delete', constraints: [org()], opaque: false },
      { model: 'projects', operation: 'select', constraints: [], opaque: false },
      { model: 'tasks', operation: 'update', constraints: [org()], opaque: false },
    ]);
  });

  it("reads an sql tag imported from the project's own module", () => {
    expect(
      queries(
        `import { sql } from '@/db';
export async function handler({ organizationId }) {
  await sql\`DELETE FROM documents WHERE organization_id = \${organizationId}\`;
  const fragment = sql\`AND id = \${organizationId}\`;
}`,
        {},
        sql,
      ).map((query) => query.operation),
    ).toEqual(['delete']);
  });
});

describe('sql: statements', () => {
  it('finds the statement kind and the main table', () => {
    expect(
      brief(`
  await pool.query('select * from "public"."Documents" as d where d.id = $1', [id]);
  await pool.query('UPDATE ONLY documents SET x = 1');
  await pool.query('DELETE FROM app.documents USING projects p WHERE p.id = documents.project_id');
  await pool.query('INSERT INTO documents (organization_id, title) VALUES ($1, $2)', [organizationId, 't']);
  await pool.query('WITH recent AS (SELECT * FROM events WHERE organization_id = $1) SELECT * FROM recent', [organizationId]);
  await pool.query('SELECT (SELECT count(*) FROM documents) AS n');`),
    ).toEqual([
      { model: 'Documents', operation: 'select', constraints: [], opaque: false },
      { model: 'documents', operation: 'update', constraints: [], opaque: false },
      { model: 'documents', operation: 'delete', constraints: [], opaque: false },
      { model: 'documents', operation: 'insert', constraints: [org()], opaque: false },
      { model: 'recent', operation: 'select', constraints: [], opaque: false },
      { model: undefined, operation: 'select', constraints: [], opaque: true },
    ]);
  });

  it('reads the tenant column an INSERT sets, in every row', () => {
    expect(
      brief(`
  await pool.query('INSERT INTO documents ("organizationId", title) VALUES ($1, $2), ($3, $4)', [organizationId, 'a', organizationId, 'b']);
  await pool.query('INSERT INTO documents (organization_id, title) VALUES ($1, $2), (NULL, $3)', [organizationId, 'a', 'b']);
  await pool.query('INSERT INTO documents VALUES ($1, $2)', [organizationId, 'a']);
  await pool.query('INSERT INTO documents (organization_id) SELECT organization_id FROM projects');`).map(({ constraints, opaque }) => ({ constraints, opaque })),
    ).toEqual([
      { constraints: [org('"organizationId"'), org('"organizationId"')], opaque: false },
      { constraints: [], opaque: false },
      { constraints: [], opaque: true },
      { constraints: [], opaque: true },
    ]);
  });

  it('is no query for statements that touch no table', () => {
    expect(
      inHandler(`
  await pool.query('BEGIN');
  await pool.query("SELECT set_config('app.org_id', $1, true)", [organizationId]);
  await pool.query('SET LOCAL app.org_id = $1', [organizationId]);
  await pool.query('COMMIT');
  await pool.query('select 1');`),
    ).toEqual([]);
  });
});

describe('sql: WHERE conditions', () => {
  it('reads tenant conjuncts: = $n, = ANY($n), IN ($n), reversed, casts, quoted, qualified, settings and literals', () => {
    expect(
      brief(`
  await pool.query('SELECT * FROM t WHERE organization_id = ANY($1)', [[organizationId]]);
  await pool.query('SELECT * FROM t WHERE organization_id IN ($1)', [organizationId]);
  await pool.query('SELECT * FROM t WHERE $1 = organization_id', [organizationId]);
  await pool.query('SELECT * FROM t WHERE t.organization_id = $1::uuid', [organizationId]);
  await pool.query('SELECT * FROM t WHERE "t"."organizationId" = ($1)', [organizationId]);
  await pool.query("SELECT * FROM t WHERE organization_id = current_setting('app.org_id')::uuid");
  await pool.query("SELECT * FROM t WHERE organization_id = 'org_1'");
  await pool.query('SELECT * FROM t WHERE (organization_id = $1 AND id = $2)', [organizationId, id]);`).map((query) => query.constraints),
    ).toEqual([
      [org('organization_id', '[organizationId]')],
      [org()],
      [org()],
      [org('t.organization_id')],
      [org('"t"."organizationId"')],
      [fixed()],
      [fixed()],
      [org()],
    ]);
  });

  it('does not count other comparisons, lists, column pairs, subqueries, strings and comments', () => {
    expect(
      brief(`
  await pool.query('SELECT * FROM t WHERE organization_id IN ($1, $2)', ids);
  await pool.query('SELECT * FROM t WHERE organization_id <> $1', [organizationId]);
  await pool.query('SELECT * FROM t WHERE organization_id IS NOT NULL');
  await pool.query('SELECT * FROM t d JOIN p ON p.id = d.p_id WHERE d.organization_id = p.organization_id');
  await pool.query("SELECT * FROM t WHERE note = 'organization_id = $1'", [organizationId]);
  await pool.query('SELECT * FROM t WHERE id = $1 -- AND organization_id = $2', [id, organizationId]);
  await pool.query('SELECT * FROM t WHERE id = $1 /* AND organization_id = $2 */', [id, organizationId]);
  await pool.query('SELECT * FROM t WHERE body = $$organization_id = $1$$', [organizationId]);`).map(({ constraints, opaque }) => ({ constraints, opaque })),
    ).toEqual([
      { constraints: [], opaque: false },
      { constraints: [], opaque: false },
      { constraints: [], opaque: false },
      { constraints: [], opaque: false },
      { constraints: [], opaque: false },
      { constraints: [], opaque: false },
      { constraints: [], opaque: false },
      { constraints: [], opaque: false },
    ]);
  });

  it('counts a tenant conjunct under OR only when every branch has one', () => {
    expect(
      brief(`
  await pool.query('SELECT * FROM t WHERE id = $1 OR organization_id = $2', [id, organizationId]);
  await pool.query('SELECT * FROM t WHERE organization_id = $1 AND id = $2 OR slug = $3', [organizationId, id, 's']);
  await pool.query('SELECT * FROM t WHERE (organization_id = $1 AND id = $2) OR (organization_id = $1 AND slug = $3)', [organizationId, id, 's']);
  await pool.query('SELECT * FROM t WHERE organization_id = $1 AND (id = $2 OR slug = $3)', [organizationId, id, 's']);`).map((query) => query.constraints),
    ).toEqual([[], [], [org(), org()], [org()]]);
  });

  it('reads the conditions of INNER JOINs, not of outer joins', () => {
    expect(
      brief(`
  await pool.query('SELECT d.* FROM documents d JOIN projects p ON p.id = d.project_id AND p.organization_id = $1', [organizationId]);
  await pool.query('SELECT d.* FROM documents d INNER JOIN projects p ON p.organization_id = $1 WHERE d.id = $2', [organizationId, id]);
  await pool.query('SELECT d.* FROM documents d LEFT JOIN projects p ON p.id = d.project_id AND p.organization_id = $1', [organizationId]);`).map((query) => query.constraints),
    ).toEqual([[org('p.organization_id')], [org('p.organization_id')], []]);
  });

  it('ignores the WHERE of a subquery or CTE, and stops the WHERE at ORDER BY, LIMIT, RETURNING', () => {
    expect(
      brief(`
  await pool.query('SELECT * FROM t WHERE id IN (SELECT id FROM u WHERE organization_id = $1)', [organizationId]);
  await pool.query('DELETE FROM t WHERE organization_id = $1 RETURNING id', [organizationId]);
  await pool.query('SELECT * FROM t WHERE organization_id = $1 ORDER BY id LIMIT 10', [organizationId]);
  await pool.query('SELECT * FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.organization_id = $1)', [organizationId]);`).map(({ constraints, opaque }) => ({ constraints, opaque })),
    ).toEqual([
      { constraints: [], opaque: true },
      { constraints: [org()], opaque: false },
      { constraints: [org()], opaque: false },
      { constraints: [], opaque: true },
    ]);
  });

  it('maps placeholders back to the values only when the values are an array the file shows', () => {
    expect(
      brief(`
  const values = [id, organizationId];
  await pool.query('SELECT * FROM t WHERE id = $1 AND organization_id = $2', values);
  await pool.query('SELECT * FROM t WHERE organization_id = $1', job.data.values);
  await pool.query('SELECT * FROM t WHERE organization_id = $2', [...ids, organizationId]);`).map((query) => query.constraints),
    ).toEqual([[org()], [fixed()], [fixed()]]);
  });

  it('builds the text of untagged templates and concatenations from what the file shows', () => {
    expect(
      brief(`
  const table = 'documents';
  const scope = 'organization_id = $1';
  await pool.query(\`SELECT * FROM \${table} WHERE \${scope}\`, [organizationId]);
  await pool.query('DELETE FROM tasks ' + 'WHERE organization_id = $1', [organizationId]);
  await pool.query(\`UPDATE tasks SET done = true WHERE organization_id = '\${organizationId}'\`);
  await pool.query(\`SELECT * FROM tasks WHERE organization_id = \${organizationId}\`);`).map(({ model, constraints }) => ({ model, constraints })),
    ).toEqual([
      { model: 'documents', constraints: [org()] },
      { model: 'tasks', constraints: [org()] },
      // The value sits inside an SQL string literal: a constraint, with no expression to follow.
      { model: 'tasks', constraints: [fixed()] },
      { model: 'tasks', constraints: [org()] },
    ]);
  });
});

describe('sql: opaque text', () => {
  it('marks text it cannot see, or a WHERE it cannot read without a tenant conjunct, as opaque', () => {
    expect(
      brief(`
  await pool.query(job.data.sql, [organizationId]);
  await pool.query(buildQuery(organizationId));
  await pool.query(\`SELECT * FROM t WHERE \${job.data.filter}\`);
  await pool.query(\`SELECT * FROM t WHERE status = 'x' \${job.data.extra}\`);
  await pool.query(\`SELECT * FROM t WHERE organization_id = $1 AND \${job.data.extra}\`, [organizationId]);
  await pool.query(\`SELECT * FROM t WHERE \${job.data.column} = $1\`, [organizationId]);
  await pool.query('SELECT * FROM t WHERE is_visible(t.id)');`).map(({ operation, constraints, opaque }) => ({ operation, constraints, opaque })),
    ).toEqual([
      { operation: 'query', constraints: [], opaque: true },
      { operation: 'query', constraints: [], opaque: true },
      { operation: 'select', constraints: [], opaque: true },
      { operation: 'select', constraints: [], opaque: true },
      { operation: 'select', constraints: [org()], opaque: false },
      { operation: 'select', constraints: [], opaque: true },
      { operation: 'select', constraints: [], opaque: true },
    ]);
  });

  it('marks a postgres.js query built from fragments only as opaque', () => {
    expect(
      brief(
        `
  await sql\`\${job.data.query}\`;
  await sql\`SELECT * FROM \${sql(table)} WHERE \${where}\`;`,
        `import postgres from 'postgres';\nconst sql = postgres();\n`,
      ),
    ).toEqual([
      { model: undefined, operation: 'query', constraints: [], opaque: true },
      { model: undefined, operation: 'select', constraints: [], opaque: true },
    ]);
  });
});

describe('sql: TypeScript wrappers and plain JS', () => {
  it('looks through as, !, satisfies and optional chains', () => {
    expect(
      brief(`
  await pool?.query('SELECT * FROM t WHERE organization_id = $1', [organizationId]);
  await (pool as Pool).query('SELECT * FROM t WHERE organization_id = $1' as string, [organizationId] as const);
  await pool!.query({ text: 'SELECT * FROM t WHERE organization_id = $1', values: [organizationId!] } satisfies QueryConfig);`).map((query) => query.constraints),
    ).toEqual([[org()], [org()], [org('organization_id', 'organizationId!')]]);
  });

  it('reads plain JavaScript', () => {
    expect(
      queries(
        `const { Pool } = require('pg');
const pool = new Pool();
module.exports = async (job) => {
  await pool.query('DELETE FROM sessions WHERE organization_id = $1', [job.data.organizationId]);
};`,
        {},
        sql,
      ),
    ).toEqual([
      {
        layer: 'sql',
        model: 'sessions',
        operation: 'delete',
        kind: 'raw',
        constraints: [{ column: 'organization_id', value: 'job.data.organizationId' }],
        opaque: false,
        text: "pool.query('DELETE FROM sessions WHERE organization_id = $1', [job.data.organizationId])",
      },
    ]);
  });

  it('follows the tenantKeys setting', () => {
    expect(
      inHandler(`  await pool.query('SELECT * FROM t WHERE company_id = $1 AND organization_id = $2', [id, organizationId]);`, PG, { tenantKeys: ['companyId'] })[0]
        ?.constraints,
    ).toEqual([org('company_id', 'id')]);
  });
});

describe('sql: look-alikes', () => {
  it('finds no query in calls that only look like one', () => {
    expect(
      inHandler(
        `${LOOK_ALIKE_CALLS}
  [1, 2].find((x) => x === 1);
  logger.info('SELECT * FROM documents');
  qs.stringify({ where: 'organization_id = 1' });
  res.json({ sql: 'DELETE FROM documents' });
  const query = builder.where('organization_id = 1').toString();
  await apollo.query({ query: gql\`query { documents { id } }\` });
  await client.query({ query: GET_DOCUMENTS, variables: { id } });
  await db.query.documents.findMany({ where: { id } });
  await search.query('SELECT things');
  const db2 = new Map();
  await db2.query('SELECT * FROM t');
  html\`<p>SELECT * FROM t</p>\`;
  css\`select { color: red }\`;`,
        `import { ApolloClient } from '@apollo/client';\nconst apollo = new ApolloClient({});\nconst client = new ApolloClient({});\n`,
      ),
    ).toEqual([]);
  });

  it('never throws on odd code', () => {
    const odd = `${PG}import postgres from 'postgres';
const sql = postgres();
export async function handler(job) {
  await pool.query();
  await pool.query(...job.data.args);
  await pool.query({ text: job.data.text });
  await pool.query({ ['text']: 'SELECT * FROM t' });
  await pool.query('');
  await pool.query(';;;');
  await pool.query('SELECT');
  await pool.query('SELECT * FROM');
  await pool.query('SELECT * FROM t WHERE');
  await pool.query('SELECT * FROM t WHERE (((');
  await pool.query('SELECT * FROM t WHERE )))');
  await pool.query("SELECT * FROM t WHERE a = 'unterminated");
  await pool.query('SELECT * FROM t WHERE a = "unterminated');
  await pool.query('SELECT * FROM t WHERE a = $$unterminated');
  await pool.query('SELECT * FROM t WHERE a = $tag');
  await pool.query('SELECT * FROM t WHERE a = /* unterminated');
  await pool.query('SELECT * FROM t WHERE organization_id = ANY(');
  await pool.query('SELECT * FROM t WHERE organization_id IN (');
  await pool.query('SELECT * FROM t WHERE organization_id =');
  await pool.query('SELECT * FROM t WHERE organization_id BETWEEN 1');
  await pool.query('INSERT INTO t (');
  await pool.query('INSERT INTO t (a) VALUES (');
  await pool.query('INSERT');
  await pool.query('DELETE');
  await pool.query('UPDATE');
  await pool.query('WITH x AS (');
  await pool.query('MERGE INTO t USING s ON t.id = s.id');
  await pool.query(\`SELECT \${'x'.repeat(3)} FROM \${job} WHERE \${1} = \${2}\`);
  await pool.query(1 + 2);
  await pool.query('SELECT * FROM t WHERE organization_id = $99', []);
  await pool.query('SELECT * FROM t WHERE organization_id = ?', [1]);
  await pool.query('SELECT * FROM t WHERE x ?| array[$1]', [1]);
  await pool.query('\u0001\u0001 SELECT \u0001x\u0001 FROM t');
  await sql\`\`;
  await sql\`\${sql\`\${sql\`SELECT * FROM t\`}\`}\`;
  await sql.unsafe();
  await sql.begin();
  await sql\`SELECT * FROM t WHERE organization_id = \${job.data.organizationId}\`.values().then((x) => x);
}`;
    expect(() => queries(odd, {}, sql)).not.toThrow();
  });
});
