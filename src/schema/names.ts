import { foldModelName, foldName } from '../util/names';

/** Prisma's delegate name for a model: the model name with a lower-case first letter (`PageView` → `pageView`). */
export function delegateName(model: string): string {
  return model.length === 0 ? model : model[0].toLowerCase() + model.slice(1);
}

/** `PageView` → `page_view`, `documentID` → `document_id` (TypeORM's default table name). */
export function snakeCase(name: string): string {
  const isUpper = (char: string | undefined) => char !== undefined && char !== char.toLowerCase();
  const isLowerOrDigit = (char: string | undefined) => char !== undefined && (char !== char.toUpperCase() || (char >= '0' && char <= '9'));
  let out = '';
  for (let index = 0; index < name.length; index++) {
    const char = name[index];
    const previous = name[index - 1];
    if (isUpper(char) && index > 0 && (isLowerOrDigit(previous) || (isUpper(previous) && isLowerOrDigit(name[index + 1])))) out += '_';
    out += char.toLowerCase();
  }
  return out;
}

/**
 * Mongoose's default collection name for a model, approximately: lower case, then an English
 * plural (`User` → `users`, `Category` → `categories`, `Box` → `boxes`). An explicit collection wins.
 */
export function defaultCollectionName(model: string): string {
  const lower = model.toLowerCase();
  if (lower.endsWith('s')) return lower;
  if (lower.endsWith('x') || lower.endsWith('z') || lower.endsWith('ch') || lower.endsWith('sh')) return `${lower}es`;
  if (lower.endsWith('y') && lower.length > 1 && !'aeiou'.includes(lower[lower.length - 2])) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}

/**
 * The keys a model name is compared by, most exact first: the folded name (case, `_` and a plural
 * `s` ignored), then the singular of an `-ies` / `-es` plural (`categories` → `category`,
 * `boxes` → `box`). Both sides of a comparison use these keys.
 */
export function modelNameKeys(name: string): string[] {
  const folded = foldModelName(name);
  const keys = [folded];
  const whole = foldName(name);
  if (whole.endsWith('ies') && whole.length > 3) keys.push(`${whole.slice(0, -3)}y`);
  if (whole.endsWith('es') && whole.length > 3 && /(?:s|x|z|ch|sh)es$/.test(whole)) keys.push(whole.slice(0, -2));
  return [...new Set(keys)];
}

/** Adds `name` to `list` unless it is empty or already there. */
export function pushUnique(list: string[], name: string | undefined): void {
  if (name && !list.includes(name)) list.push(name);
}
