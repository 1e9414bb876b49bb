import { AST_NODE_TYPES as NODE_TYPES } from '@typescript-eslint/utils';

/**
 * The node type names, held in a plain binding. `@typescript-eslint/utils` re-exports the enum
 * through a chain of getters, so `AST_NODE_TYPES.X` imported from there costs two or three getter
 * calls on every access; the engine makes hundreds of such tests per handler.
 */
export const AST_NODE_TYPES = NODE_TYPES;
