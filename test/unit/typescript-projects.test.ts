import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers';

/**
 * The TypeScript projects of tsconfig.json: Node (electron/, test/), the renderer (DOM, no Node types)
 * and shared/ (neither). A probe file is placed virtually in a folder and compiled with the options
 * of the project that owns that folder.
 */
function parse(configName: string): ts.ParsedCommandLine {
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(REPO, configName), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (!parsed) throw new Error(`${configName} not readable`);
  return parsed;
}

/** The error codes of compiling `code` as the file `rel` under the project `configName`. */
function errorsOf(configName: string, rel: string, code: string): number[] {
  const { options } = parse(configName);
  const probe = path.join(REPO, rel);
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, ...rest) =>
    path.resolve(fileName) === probe ? ts.createSourceFile(fileName, code, languageVersion) : getSourceFile(fileName, languageVersion, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (fileName) => path.resolve(fileName) === probe || fileExists(fileName);
  const program = ts.createProgram({ rootNames: [probe], options, host });
  return [...program.getGlobalDiagnostics(), ...program.getSemanticDiagnostics(program.getSourceFile(probe))].map((d) => d.code);
}

const usesNode = 'export const a = process.env.HOME;\nexport const b = Buffer.from("x");\n';
const usesDom = 'export const a = document.title;\nexport const b = window.location.href;\n';
const NO_NODE = [2591, 2591]; // Cannot find name 'process' / 'Buffer': add 'node' to types
const NO_DOM = [2584, 2304]; // Cannot find name 'document' / 'window'

describe('TypeScript projects', () => {
  it('the solution file references the three projects, and typecheck builds them all', () => {
    const solution = parse('tsconfig.json');
    expect(solution.fileNames).toEqual([]);
    expect((solution.projectReferences ?? []).map((r) => path.basename(r.path)).sort()).toEqual(['tsconfig.node.json', 'tsconfig.shared.json', 'tsconfig.web.json']);
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.typecheck).toBe('tsc -b');
  });

  it('every source file belongs to a project, and the renderer only to the web one', () => {
    const node = new Set(parse('tsconfig.node.json').fileNames.map((f) => path.relative(REPO, f)));
    const web = new Set(parse('tsconfig.web.json').fileNames.map((f) => path.relative(REPO, f)));
    const shared = new Set(parse('tsconfig.shared.json').fileNames.map((f) => path.relative(REPO, f)));
    const sources = ['electron', 'renderer', 'shared', 'test'].flatMap((dir) =>
      (fs.readdirSync(path.join(REPO, dir), { recursive: true }) as string[])
        .filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts'))
        .map((f) => path.join(dir, f)),
    );
    expect(sources.length).toBeGreaterThan(100);
    for (const file of sources) {
      const where = [node.has(file) && 'node', web.has(file) && 'web', shared.has(file) && 'shared'].filter(Boolean);
      const expected = file.startsWith('renderer') ? ['web'] : file.startsWith('shared') ? ['node', 'web', 'shared'] : ['node'];
      expect({ file, where }).toEqual({ file, where: expected });
    }
  });

  it('the renderer has the DOM but no Node types', () => {
    expect(errorsOf('tsconfig.web.json', 'renderer/src/probe-h9.ts', usesDom)).toEqual([]);
    expect(errorsOf('tsconfig.web.json', 'renderer/src/probe-h9.ts', usesNode)).toEqual(NO_NODE);
  });

  it('shared/ has neither the DOM nor Node types', () => {
    expect(errorsOf('tsconfig.shared.json', 'shared/probe-h9.ts', 'export const a = [3, 1].toSorted();\n')).toEqual([]);
    expect(errorsOf('tsconfig.shared.json', 'shared/probe-h9.ts', usesDom)).toEqual(NO_DOM);
    expect(errorsOf('tsconfig.shared.json', 'shared/probe-h9.ts', usesNode)).toEqual(NO_NODE);
  });

  it('electron/ has the Node types and no DOM lib of its own', () => {
    expect(errorsOf('tsconfig.node.json', 'electron/core/probe-h9.ts', usesNode)).toEqual([]);
    // (A program that imports pdfmake still gets lib.dom from @types/pdfmake: see tsconfig.node.json.)
    expect(errorsOf('tsconfig.node.json', 'electron/core/probe-h9.ts', usesDom)).toEqual(NO_DOM);
  });
});
