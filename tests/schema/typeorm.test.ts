import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify, copyFixture, fixture, load, model, names, verdict } from './helpers';

describe('TypeORM entities', () => {
  const project = fixture('typeorm');

  it('finds *.entity.ts files and entities/** (auto)', () => {
    const schema = load(project, 'src/jobs/sync.ts');
    expect(schema?.errors).toEqual([]);
    expect(names(schema)).toEqual(['CreditNote', 'Invoice', 'LineItem', 'Product', 'Tenant']);
  });

  it('reads the files and folders of the setting', () => {
    const schema = load(project, 'src/jobs/sync.ts', ['src/modules/billing/invoice.entity.ts', 'src/entities/tenant.entity.ts', 'src/entities/base.ts']);
    expect(names(schema)).toEqual(['Invoice', 'Tenant']);
    expect(names(load(project, 'src/jobs/sync.ts', ['src']))).toEqual(['CreditNote', 'Invoice', 'LineItem', 'Product', 'Tenant']);
  });

  it('a class named Entity, or another library @Entity, is not an entity', () => {
    const schema = load(project, 'src/jobs/sync.ts');
    expect(schema?.models.some((entry) => entry.name === 'Entity' || entry.name === 'Audit')).toBe(false);
  });

  it('gives class and table names, inherited columns, @Column names and join columns', () => {
    const schema = load(project, 'src/jobs/sync.ts');
    expect(model(schema, 'Invoice').aliases).toEqual(['Invoice', 'invoices']);
    expect(model(schema, 'LineItem').aliases).toEqual(['LineItem', 'line_item']);
    expect(model(schema, 'Tenant').aliases).toEqual(['Tenant', 'tenants']);
    expect(model(schema, 'Invoice').fields).toEqual([
      { name: 'amount', column: 'amount', nullable: true },
      { name: 'id', column: 'id', nullable: false, id: true },
      { name: 'tenantId', column: 'tenant_id', nullable: false },
      { name: 'createdAt', column: 'createdAt', nullable: false },
    ]);
    expect(model(schema, 'Invoice').relations).toEqual([{ name: 'tenant', target: 'Tenant', fields: ['tenantId'], required: true, list: false }]);
    expect(model(schema, 'Tenant').relations).toEqual([{ name: 'invoices', target: 'Invoice', fields: [], required: false, list: true }]);
  });

  it('a @ManyToOne is required by nullable: false or by a non-nullable join column; optional by default', () => {
    const schema = load(project, 'src/jobs/sync.ts');
    expect(model(schema, 'LineItem').relations).toEqual([
      { name: 'invoice', target: 'Invoice', fields: ['invoiceId'], required: true, list: false },
      { name: 'product', target: 'Product', fields: ['productId'], required: false, list: false },
    ]);
    expect(model(schema, 'CreditNote').relations).toEqual([
      { name: 'invoice', target: 'Invoice', fields: ['invoiceRef'], required: true, list: false },
    ]);
  });

  it('classifies the entities', () => {
    const tables = classify(project, 'src/jobs/sync.ts');
    expect(verdict(tables, 'Tenant')).toBe('tenant model');
    expect(verdict(tables, 'invoices')).toBe('tenant key tenantId');
    expect(verdict(tables, 'LineItem')).toBe('tenant via invoice -> tenantId');
    expect(verdict(tables, 'credit_notes')).toBe('tenant via invoice -> tenantId');
    expect(verdict(tables, 'product')).toBe('global');
  });
});

describe('TypeORM one-to-one relations', () => {
  it('the side with @JoinColumn holds the foreign key; the other side does not', () => {
    const project = copyFixture('typeorm');
    try {
      fs.writeFileSync(
        path.join(project, 'src/entities/profile.entity.ts'),
        [
          `import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';`,
          `import { Tenant } from './tenant.entity';`,
          `@Entity()`,
          `export class Settings {`,
          `  @PrimaryColumn() id!: string;`,
          `  @OneToOne(() => Profile, (profile) => profile.settings) profile!: Profile;`,
          `}`,
          `@Entity()`,
          `export class Profile {`,
          `  @PrimaryColumn() id!: string;`,
          `  @OneToOne(() => Tenant, { nullable: false }) @JoinColumn() owner!: Tenant;`,
          `  @OneToOne(() => Settings) @JoinColumn({ name: 'settings_id', referencedColumnName: 'id' }) settings!: Settings;`,
          `}`,
        ].join('\n'),
      );
      const schema = load(project, 'src/jobs/sync.ts', ['src/entities']);
      expect(model(schema, 'Profile').relations).toEqual([
        { name: 'owner', target: 'Tenant', fields: ['ownerId'], required: true, list: false },
        { name: 'settings', target: 'Settings', fields: ['settings_id'], required: false, list: false },
      ]);
      expect(model(schema, 'Settings').relations).toEqual([{ name: 'profile', target: 'Profile', fields: [], required: false, list: false }]);
      const tables = classify(project, 'src/jobs/sync.ts', { schema: ['src/entities'] });
      expect(verdict(tables, 'Profile')).toBe('tenant via owner -> id');
      expect(verdict(tables, 'Settings')).toBe('global');
    } finally {
      fs.rmSync(project, { recursive: true, force: true });
    }
  });
});
