// @ts-check
// The layer rule (house rules 1 and 3) as an allowlist: each folder names what its files may import;
// anything else is reported. Checked by `npm run lint`; test/unit/lint-layers.test.ts proves it fires.
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: this file lives in <root>/eslint/. */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The packages the plain-Node core works with. */
const SERVER_PACKAGES = ['better-sqlite3', 'kysely', 'exceljs', 'pdfmake', 'pdf-lib', 'zod', 'echarts'];

/**
 * @typedef {object} Layer
 * @property {string} dir     the folder, relative to the repository root
 * @property {string[]} layers the layers (by dir) its files may import, itself included
 * @property {boolean} node    whether it may import Node built-ins (node:fs, path, ...)
 * @property {string[]} packages the npm packages it may import (and their subpaths)
 */

/** @type {Layer[]} What each layer may import. A folder not listed here imports nothing. */
const LAYERS = [
  // Pure: no Node, no DOM, no other layer. Only the contract's validation library.
  { dir: 'shared', layers: ['shared'], node: false, packages: ['zod'] },
  // The browser: React and the contract in shared/; it reaches the core only through window.api.
  // (Its own .css and asset files are renderer/ paths, hence allowed.)
  { dir: 'renderer', layers: ['renderer', 'shared'], node: false, packages: ['react', 'react-dom', 'echarts'] },
  // Plain Node: never electron, the renderer, the host or main.
  { dir: 'electron/core', layers: ['electron/core', 'shared'], node: true, packages: SERVER_PACKAGES },
  // The HTTP host and the CLI: the core run in plain Node, without Electron.
  { dir: 'electron/host', layers: ['electron/host', 'electron/core', 'shared'], node: true, packages: SERVER_PACKAGES },
  // Electron's main process: the only place, with the preload, that imports electron.
  { dir: 'electron/main', layers: ['electron/main', 'electron/core', 'shared'], node: true, packages: ['electron'] },
  // The sandboxed preload: electron's contextBridge and the contract's channel, nothing else.
  { dir: 'electron/preload', layers: ['electron/preload', 'shared'], node: false, packages: ['electron'] },
];

/** Folders whose every subfolder must be a layer above (a new electron/foo/ must be added to LAYERS). */
const LAYERED_PARENTS = ['electron'];

const builtins = new Set(builtinModules);

/** @param {string} rel a path relative to the root, with forward slashes */
function layerOf(rel) {
  let best = /** @type {Layer | undefined} */ (undefined);
  for (const layer of LAYERS) {
    if ((rel === layer.dir || rel.startsWith(`${layer.dir}/`)) && (!best || layer.dir.length > best.dir.length)) best = layer;
  }
  return best;
}

/** @param {string} abs */
const relToRoot = (abs) => path.relative(ROOT, abs).split(path.sep).join('/');

/**
 * What an import specifier points at, as the allowlist sees it.
 * @param {string} spec
 * @param {string} fromFile absolute path of the importing file
 * @returns {{ kind: 'layer', dir: string | null, rel: string } | { kind: 'node' } | { kind: 'package', name: string }}
 */
function classify(spec, fromFile) {
  if (spec.startsWith('.') || spec.startsWith('/')) {
    const rel = relToRoot(path.resolve(path.dirname(fromFile), spec.replace(/[?#].*$/, '')));
    return { kind: 'layer', dir: layerOf(rel)?.dir ?? null, rel };
  }
  if (spec.startsWith('node:') || builtins.has(spec) || builtins.has(spec.split('/')[0] ?? '')) return { kind: 'node' };
  const parts = spec.split('/');
  return { kind: 'package', name: spec.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? spec) };
}

/** @param {Layer} layer */
function allowedText(layer) {
  const items = layer.layers.map((d) => `${d}/`);
  if (layer.node) items.push('Node built-ins');
  items.push(...layer.packages.map((p) => `'${p}'`));
  return items.join(', ');
}

/** @type {import('eslint').Rule.RuleModule} */
const allowedImports = {
  meta: {
    type: 'problem',
    docs: { description: 'Each layer imports only what its entry in LAYERS (eslint/layers.js) allows.' },
    schema: [],
    messages: {
      notAllowed: "{{from}}/ may import only {{allowed}}: '{{spec}}' is {{what}}.",
      unknownLayer: '{{dir}}/ is not a layer: add it to LAYERS in eslint/layers.js with what it may import.',
      dynamic: 'Import with a literal path so the layer rule can check it.',
    },
  },
  create(context) {
    const file = context.filename;
    const rel = relToRoot(file);
    const layer = layerOf(rel);
    if (!layer) {
      const parts = rel.split('/');
      if (LAYERED_PARENTS.includes(parts[0] ?? '')) {
        // electron/foo/x.ts (or electron/x.ts) belongs to no layer: it must be given a place first.
        const dir = parts.slice(0, parts.length > 2 ? 2 : 1).join('/');
        return {
          Program(node) {
            context.report({ node, messageId: 'unknownLayer', data: { dir } });
          },
        };
      }
      return {}; // test/, the config files and eslint/ import what they need
    }

    /**
     * @param {import('estree').Node} node
     * @param {unknown} source the specifier node
     */
    function check(node, source) {
      const literal = /** @type {{ type?: string, value?: unknown, quasis?: { value: { cooked?: string | null } }[], expressions?: unknown[] } | null | undefined} */ (source);
      let spec;
      if (literal?.type === 'Literal' && typeof literal.value === 'string') spec = literal.value;
      else if (literal?.type === 'TemplateLiteral' && literal.expressions?.length === 0) spec = literal.quasis?.[0]?.value.cooked ?? undefined;
      if (spec === undefined) {
        context.report({ node, messageId: 'dynamic' });
        return;
      }
      const target = classify(spec, file);
      const current = /** @type {Layer} */ (layer);
      let ok;
      let what;
      if (target.kind === 'node') {
        ok = current.node;
        what = 'a Node built-in';
      } else if (target.kind === 'package') {
        ok = current.packages.includes(target.name);
        what = `the package '${target.name}'`;
      } else {
        ok = target.dir !== null && current.layers.includes(target.dir);
        what = target.dir ? `in ${target.dir}/` : `outside every layer (${target.rel})`;
      }
      if (!ok) context.report({ node, messageId: 'notAllowed', data: { from: current.dir, allowed: allowedText(current), spec, what } });
    }

    /** @type {Record<string, (node: any) => void>} */
    const visitors = {
      ImportDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => {
        if (node.source) check(node, node.source);
      },
      ImportExpression: (node) => check(node, node.source),
      // import x = require('y')
      TSExternalModuleReference: (node) => check(node, node.expression),
      // type T = typeof import('y')
      TSImportType: (node) => check(node, node.source ?? (node.argument?.type === 'TSLiteralType' ? node.argument.literal : node.argument)),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments.length === 1) check(node, node.arguments[0]);
      },
    };
    return visitors;
  },
};

/** The local plugin: `layers/allowed-imports`. */
export default { meta: { name: 'layers' }, rules: { 'allowed-imports': allowedImports } };
