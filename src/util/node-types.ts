import { AST_NODE_TYPES as NODE_TYPES } from '@typescript-eslint/types';

/**
 * The node type names, held in a plain binding, from `@typescript-eslint/types`: the parser has
 * loaded that package already, while `@typescript-eslint/utils`, which re-exports the enum through
 * a chain of getters (two or three getter calls on every `AST_NODE_TYPES.X`), would add its own
 * load to every lint. The engine makes hundreds of such tests per handler.
 */
export const AST_NODE_TYPES = NODE_TYPES;
