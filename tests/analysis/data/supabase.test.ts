import { describe, expect, it } from 'vitest';
import { supabase } from '../../../src/analysis/data/supabase';
import { constraint as c, fixesOf, lookAlikeModule, queriesOf, queryOf } from './shared';

const run = queriesOf(supabase);
const q = queryOf('supabase');

const HEADER = `
import { createClient, SupabaseClient } from '@supabase/supabase-js';
const supabase = createClient(process.env.SUPABASE_URL!, process.env.SUPABASE_SERVICE_ROLE_KEY!);
`;

describe('Supabase call shapes', () => {
  it('reads select, update, delete, insert and upsert, with filters before or after the operation', () => {
    const code = `${HEADER}
export async function run(orgId: string, id: string) {
  await supabase.from('documents').select('*').eq('organization_id', orgId);
  await supabase.from('documents').select('id', { count: 'exact', head: true }).eq('organization_id', orgId).order('created_at').limit(10);
  await supabase.from('documents').update({ title: 'x' }).eq('organization_id', orgId).select();
  await supabase.from('documents').delete().eq('organization_id', orgId);
  await supabase.from('documents').insert({ organization_id: orgId }).select().single();
  await supabase.from('documents').upsert({ id, organization_id: orgId });
  await supabase.from('documents').select('*').eq('id', id).maybeSingle();
  await supabase.schema('private').from('documents').select('*').eq('organization_id', orgId);
  await supabase.from('documents').delete();
  await supabase.from('documents');
}`;
    expect(run(code)).toEqual([
      q({ model: 'documents', operation: 'select', kind: 'read', constraints: [c('organization_id', 'orgId')], text: "supabase.from('documents').select('*').eq('organization_id', orgId)" }),
      q({ model: 'documents', operation: 'select', kind: 'read', constraints: [c('organization_id', 'orgId')], text: "supabase.from('documents').select('id', { count: 'exact', head: true }).eq('organization_id', orgId).order('created_at').limit(10)" }),
      q({ model: 'documents', operation: 'update', kind: 'update', constraints: [c('organization_id', 'orgId')], text: "supabase.from('documents').update({ title: 'x' }).eq('organization_id', orgId).select()" }),
      q({ model: 'documents', operation: 'delete', kind: 'delete', constraints: [c('organization_id', 'orgId')], text: "supabase.from('documents').delete().eq('organization_id', orgId)" }),
      q({ model: 'documents', operation: 'insert', kind: 'insert', text: "supabase.from('documents').insert({ organization_id: orgId }).select().single()" }),
      q({ model: 'documents', operation: 'upsert', kind: 'insert', text: "supabase.from('documents').upsert({ id, organization_id: orgId })" }),
      q({ model: 'documents', operation: 'select', kind: 'read', byId: true, text: "supabase.from('documents').select('*').eq('id', id).maybeSingle()" }),
      q({ model: 'documents', operation: 'select', kind: 'read', constraints: [c('organization_id', 'orgId')], text: "supabase.schema('private').from('documents').select('*').eq('organization_id', orgId)" }),
      q({ model: 'documents', operation: 'delete', kind: 'delete', text: "supabase.from('documents').delete()" }),
    ]);
  });

  it('reads rpc as raw and opaque', () => {
    const code = `${HEADER}
export async function run(orgId: string) {
  await supabase.rpc('archive_documents', { org_id: orgId });
  await supabase.rpc('list_documents').eq('organization_id', orgId);
}`;
    expect(run(code)).toEqual([
      q({ model: 'archive_documents', operation: 'rpc', kind: 'raw', opaque: true, text: "supabase.rpc('archive_documents', { org_id: orgId })" }),
      q({ model: 'list_documents', operation: 'rpc', kind: 'raw', constraints: [c('organization_id', 'orgId')], opaque: true, text: "supabase.rpc('list_documents').eq('organization_id', orgId)" }),
    ]);
  });

  it('finds the client: createClient, @supabase/ssr, a typed binding, or by name', () => {
    const code = `
import { createServerClient, createBrowserClient } from '@supabase/ssr';
import type { SupabaseClient } from '@supabase/supabase-js';
import { supabaseAdmin } from '@/lib/supabase-admin';
import { createClient } from '@/utils/supabase/server';
const server = createServerClient('u', 'k', { cookies: {} });
const browser = createBrowserClient('u', 'k');
class Repo {
  constructor(private readonly client: SupabaseClient) {}
  load(orgId: string) {
    return this.client.from('documents').select('*').eq('org_id', orgId);
  }
}
export async function run(orgId: string, db: SupabaseClient, supabaseClient) {
  await server.from('documents').select('*').eq('org_id', orgId);
  await browser.from('documents').select('*').eq('org_id', orgId);
  await db.from('documents').select('*').eq('org_id', orgId);
  await supabaseAdmin.from('documents').select('*').eq('org_id', orgId);
  await supabaseClient.from('documents').select('*').eq('org_id', orgId);
  const supabase = await createClient();
  await supabase.from('documents').select('*').eq('org_id', orgId);
}`;
    const select = (client: string) =>
      q({ model: 'documents', operation: 'select', kind: 'read', constraints: [c('org_id', 'orgId')], text: `${client}.from('documents').select('*').eq('org_id', orgId)` });
    expect(run(code)).toEqual(['this.client', 'server', 'browser', 'db', 'supabaseAdmin', 'supabaseClient', 'supabase'].map(select));
  });
});

describe('Supabase tenant constraints', () => {
  it('reads eq, in, match, filter and or', () => {
    const code = `${HEADER}
export async function run(orgId: string, orgIds: string[], filters: Record<string, string>) {
  await supabase.from('documents').select('*').in('organization_id', [orgId]);
  await supabase.from('documents').select('*').in('organization_id', [orgId, 'other']);
  await supabase.from('documents').select('*').in('organization_id', orgIds);
  await supabase.from('documents').select('*').match({ organization_id: orgId, status: 'open' });
  await supabase.from('documents').select('*').match(filters);
  await supabase.from('documents').select('*').filter('organization_id', 'eq', orgId);
  await supabase.from('documents').select('*').filter('organization_id', 'neq', orgId);
  await supabase.from('documents').select('*').neq('organization_id', orgId);
  await supabase.from('documents').select('*').is('organization_id', null);
  await supabase.from('documents').select('*').not('organization_id', 'eq', orgId);
  await supabase.from('documents').select('*').eq('status', 'open');
  await supabase.from('documents').select('*').eq('organization_id', null);
}`;
    expect(run(code)).toEqual([
      q({ model: 'documents', operation: 'select', kind: 'read', constraints: [c('organization_id', 'orgId')], text: "supabase.from('documents').select('*').in('organization_id', [orgId])" }),
      q({ model: 'documents', operation: 'select', kind: 'read', text: "supabase.from('documents').select('*').in('organization_id', [orgId, 'other'])" }),
      q({ model: 'documents', operation: 'select', kind: 'read', opaque: true, text: "supabase.from('documents').select('*').in('organization_id', orgIds)" }),
      q({ model: 'documents', operation: 'select', kind: 'read', constraints: [c('organization_id', 'orgId', { dropsUndefined: true })], text: "supabase.from('documents').select('*').match({ organization_id: orgId, status: 'open' })" }),
      q({ model: 'documents', operation: 'select', kind: 'read', opaque: true, text: "supabase.from('documents').select('*').match(filters)" }),
      q({ model: 'documents', operation: 'select', kind: 'read', constraints: [c('organization_id', 'orgId')], text: "supabase.from('documents').select('*').filter('organization_id', 'eq', orgId)" }),
      q({ model: 'documents', operation: 'select', kind: 'read', text: "supabase.from('documents').select('*').filter('organization_id', 'neq', orgId)" }),
      q({ model: 'documents', operation: 'select', kind: 'read', text: "supabase.from('documents').select('*').neq('organization_id', orgId)" }),
      q({ model: 'documents', operation: 'select', kind: 'read', text: "supabase.from('documents').select('*').is('organization_id', null)" }),
      q({ model: 'documents', operation: 'select', kind: 'read', text: "supabase.from('documents').select('*').not('organization_id', 'eq', orgId)" }),
      q({ model: 'documents', operation: 'select', kind: 'read', text: "supabase.from('documents').select('*').eq('status', 'open')" }),
      q({ model: 'documents', operation: 'select', kind: 'read', text: "supabase.from('documents').select('*').eq('organization_id', null)" }),
    ]);
  });

  it('reads or() as one more ANDed filter: it pins the tenant only when every branch does', () => {
    const code = `${HEADER}
export async function run(orgId: string) {
  await supabase.from('documents').select('*').eq('organization_id', orgId).or('status.eq.open,status.eq.draft');
  await supabase.from('documents').select('*').or('status.eq.open,status.eq.draft');
  await supabase.from('documents').select('*').or(\`organization_id.eq.\${orgId},team_id.eq.\${orgId}\`);
  await supabase.from('documents').select('*').or(\`organization_id.eq.\${orgId},is_public.eq.true\`);
  await supabase.from('documents').select('*, projects(*)').or(\`organization_id.eq.\${orgId}\`, { referencedTable: 'projects' });
}`;
    expect(run(code)).toEqual([
      q({ model: 'documents', operation: 'select', kind: 'read', constraints: [c('organization_id', 'orgId')], text: "supabase.from('documents').select('*').eq('organization_id', orgId).or('status.eq.open,status.eq.draft')" }),
      q({ model: 'documents', operation: 'select', kind: 'read', text: "supabase.from('documents').select('*').or('status.eq.open,status.eq.draft')" }),
      q({ model: 'documents', operation: 'select', kind: 'read', constraints: [c('organization_id', 'orgId'), c('team_id', 'orgId')], text: "supabase.from('documents').select('*').or(`organization_id.eq.${orgId},team_id.eq.${orgId}`)" }),
      q({ model: 'documents', operation: 'select', kind: 'read', text: "supabase.from('documents').select('*').or(`organization_id.eq.${orgId},is_public.eq.true`)" }),
      q({ model: 'documents', operation: 'select', kind: 'read', text: "supabase.from('documents').select('*, projects(*)').or(`organization_id.eq.${orgId}`, { referencedTable: 'projects' })" }),
    ]);
  });

  it('follows a query kept in a variable: filters added under a test are conditional', () => {
    const code = `${HEADER}
export async function run(orgId: string | undefined, status?: string) {
  let query = supabase.from('documents').select('*');
  if (orgId) query = query.eq('organization_id', orgId);
  if (status) query = query.eq('status', status);
  const { data } = await query;

  let scoped = supabase.from('documents').select('*').eq('organization_id', orgId);
  if (status) scoped = scoped.eq('status', status);
  await scoped;

  const table = 'invoices';
  const filter = { organization_id: orgId };
  await supabase.from(table).delete().match(filter);
}`;
    expect(run(code)).toEqual([
      q({ model: 'documents', operation: 'select', kind: 'read', constraints: [c('organization_id', 'orgId', { conditional: true })], text: "query.eq('status', status)" }),
      q({ model: 'documents', operation: 'select', kind: 'read', constraints: [c('organization_id', 'orgId')], text: "scoped.eq('status', status)" }),
      q({ model: 'invoices', operation: 'delete', kind: 'delete', constraints: [c('organization_id', 'orgId', { dropsUndefined: true })], text: 'supabase.from(table).delete().match(filter)' }),
    ]);
  });

  it('marks match values that are undefined on purpose as conditional', () => {
    const code = `${HEADER}
export const run = (orgId?: string) => supabase.from('documents').delete().match({ organization_id: orgId ?? undefined });`;
    expect(run(code)).toEqual([
      q({ model: 'documents', operation: 'delete', kind: 'delete', constraints: [c('organization_id', 'orgId ?? undefined', { conditional: true, dropsUndefined: true })], text: "supabase.from('documents').delete().match({ organization_id: orgId ?? undefined })" }),
    ]);
  });
});

describe('Supabase syntax variants', () => {
  it('looks through TS wrappers and optional chains', () => {
    const code = `${HEADER}
export async function run(orgId: string | undefined, client?: SupabaseClient) {
  await (supabase as SupabaseClient).from('documents').select('*').eq('organization_id', orgId!);
  await supabase!.from('documents').select('*').eq('organization_id', orgId as string);
  await client?.from('documents').select('*').eq('organization_id', orgId);
  await supabase.from('documents').select('*').match({ organization_id: orgId } satisfies Record<string, unknown>);
}`;
    expect(run(code)).toEqual([
      q({ model: 'documents', operation: 'select', kind: 'read', constraints: [c('organization_id', 'orgId!')], text: "(supabase as SupabaseClient).from('documents').select('*').eq('organization_id', orgId!)" }),
      q({ model: 'documents', operation: 'select', kind: 'read', constraints: [c('organization_id', 'orgId as string')], text: "supabase!.from('documents').select('*').eq('organization_id', orgId as string)" }),
      q({ model: 'documents', operation: 'select', kind: 'read', constraints: [c('organization_id', 'orgId')], text: "client?.from('documents').select('*').eq('organization_id', orgId)" }),
      q({ model: 'documents', operation: 'select', kind: 'read', constraints: [c('organization_id', 'orgId', { dropsUndefined: true })], text: "supabase.from('documents').select('*').match({ organization_id: orgId } satisfies Record<string, unknown>)" }),
    ]);
  });

  it('reads plain JavaScript with require', () => {
    const code = `
const { createClient } = require('@supabase/supabase-js');
const admin = createClient(process.env.URL, process.env.KEY);
module.exports = async (job) => {
  await admin.from('documents').delete().eq('organization_id', job.data.organizationId);
};`;
    expect(run(code)).toEqual([
      q({ model: 'documents', operation: 'delete', kind: 'delete', constraints: [c('organization_id', 'job.data.organizationId')], text: "admin.from('documents').delete().eq('organization_id', job.data.organizationId)" }),
    ]);
  });

  it('uses the tenantKeys setting', () => {
    const code = `${HEADER}
export const run = (companyId: string) => supabase.from('documents').select('*').eq('company_id', companyId).eq('org_id', companyId);`;
    expect(run(code, { tenantKeys: ['companyId'] })).toEqual([
      q({ model: 'documents', operation: 'select', kind: 'read', constraints: [c('company_id', 'companyId')], text: "supabase.from('documents').select('*').eq('company_id', companyId).eq('org_id', companyId)" }),
    ]);
  });

  it('leaves look-alikes alone', () => {
    const code = lookAlikeModule({
      imports: `
import { supabase } from './supabase';
`,
      params: 'db, knex',
      calls: `
  Array.from(items).select;
  await supabase.storage.from('avatars').list();
  await supabase.storage.from('avatars').remove(['a.png']);
  await supabase.auth.admin.deleteUser(orgId);
  await supabase.functions.invoke('x', { body: { orgId } });
  await knex.select('*').from('documents').where('org_id', orgId);
  await db.from('documents').where({ org_id: orgId }).del();
`,
    });
    expect(run(code)).toEqual([]);
  });

  it('points suggestions at a match object', () => {
    const code = `${HEADER}
export const run = () => supabase.from('documents').delete().match({ status: 'old' });`;
    const fixes = fixesOf(code, supabase, (fix, sourceCode) => fix?.filterObject && sourceCode.getText(fix.filterObject));
    expect(fixes).toEqual(["{ status: 'old' }"]);
  });

  it('never throws on odd code', () => {
    const code = `${HEADER}
export async function run(...args: any[]) {
  await supabase.from().select();
  await supabase.from(...args).select(...args).eq(...args);
  await supabase.from('documents').select('*').eq();
  await supabase.from('documents').select('*').in('organization_id');
  await supabase.from('documents').select('*').filter('organization_id');
  await supabase.from('documents').select('*').match();
  await supabase.from('documents').select('*').or();
  await supabase.from('documents').select('*').or('((((,,,');
  await supabase.rpc();
  await supabase[args[0]]('documents').select();
  let query = supabase.from('documents').select('*');
  query = somethingElse();
  await query;
  for (const a of args) query = query.eq('x', a);
}`;
    expect(() => run(code)).not.toThrow();
  });
});
