/** `text` with every character a regular expression gives a meaning to escaped, to be matched as written. */
export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
