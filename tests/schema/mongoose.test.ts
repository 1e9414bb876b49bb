import { describe, expect, it } from 'vitest';
import { classify, fixture, load, model, names, verdict } from './helpers';

describe('Mongoose schemas', () => {
  const project = fixture('mongoose');

  it('finds models in models/ (TS and CommonJS JS) and *.schema.ts, auto', () => {
    const schema = load(project, 'src/jobs/sync.ts');
    expect(schema?.errors).toEqual([]);
    expect(names(schema)).toEqual(['Account', 'Cat', 'Category', 'Owner', 'Project', 'Task', 'User']);
  });

  it('reads the files of the setting', () => {
    expect(names(load(project, 'src/jobs/sync.ts', ['src/models/task.js', 'src/models/project.ts']))).toEqual(['Project', 'Task']);
  });

  it('a Schema of another library, or a model() of another module, is not Mongoose', () => {
    const schema = load(project, 'src/jobs/sync.ts');
    expect(schema?.models.some((entry) => entry.name === 'Ghost' || entry.name === 'Person')).toBe(false);
  });

  it('gives model and collection names (explicit, schema option, or Mongoose default)', () => {
    const schema = load(project, 'src/jobs/sync.ts');
    expect(model(schema, 'User').aliases).toEqual(['User', 'people']);
    expect(model(schema, 'Task').aliases).toEqual(['Task', 'todo_items']);
    expect(model(schema, 'Category').aliases).toEqual(['Category', 'categories']);
    expect(model(schema, 'Project').aliases).toEqual(['Project', 'projects']);
  });

  it('reads ref relations: required, optional and arrays; ref by name or by model variable', () => {
    const schema = load(project, 'src/jobs/sync.ts');
    expect(model(schema, 'Project').relations).toEqual([
      { name: 'account', target: 'Account', fields: ['account'], required: true, list: false },
      { name: 'members', target: 'User', fields: [], required: false, list: true },
    ]);
    expect(model(schema, 'Task').relations).toEqual([
      { name: 'project', target: 'Project', fields: ['project'], required: true, list: false },
      { name: 'reviewer', target: 'User', fields: ['reviewer'], required: false, list: false },
    ]);
  });

  it('reads NestJS @Schema classes with @Prop refs', () => {
    const schema = load(project, 'src/jobs/sync.ts');
    expect(model(schema, 'Cat').aliases).toEqual(['Cat', 'kittens']);
    expect(model(schema, 'Cat').fields.map((field) => `${field.name}${field.nullable ? '?' : ''}`)).toEqual(['_id', 'name', 'owner', 'tags?']);
    expect(model(schema, 'Cat').relations).toEqual([{ name: 'owner', target: 'Owner', fields: ['owner'], required: true, list: false }]);
    expect(verdict(classify(project, 'src/jobs/sync.ts'), 'kittens')).toBe('tenant via owner -> teamId');
  });

  it('classifies the models', () => {
    const tables = classify(project, 'src/jobs/sync.ts');
    expect(verdict(tables, 'Account')).toBe('tenant model');
    expect(verdict(tables, 'Project')).toBe('tenant via account -> _id');
    expect(verdict(tables, 'todo_items')).toBe('tenant via project.account -> _id');
    expect(verdict(tables, 'people')).toBe('tenant key accountId');
    expect(verdict(tables, 'categories')).toBe('global');
  });
});
