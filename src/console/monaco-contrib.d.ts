// Side-effect imports of Monaco contributions that ship without type declarations.
declare module 'monaco-editor/editor/contrib/suggest/browser/suggestController.js';
