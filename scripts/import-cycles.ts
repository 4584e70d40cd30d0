// `npm run lint:code` step: no import cycles among the project's own files.
// Every import counts, type-only ones too: a cycle of types still means no file
// in it can be read, tested or moved without the others. Reads each file's
// imports with the TypeScript parser (no type-check), resolves them as the
// compiler does, and prints the number of files checked and "no import cycles",
// or each cycle as the files that form it (and fails).
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import ts from 'typescript';

const root = resolve(import.meta.dirname, '..');
const configPath = resolve(root, 'tsconfig.json');
const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
if (!config) throw new Error('tsconfig.json could not be read');
const files = config.fileNames.filter((file) => /\.tsx?$/.test(file) && !file.endsWith('.d.ts'));
const ownFiles = new Set(files.map((file) => resolve(file)));

/** Every module specifier a file names: imports and re-exports (type-only included), import() and import types. */
function specifiers(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const expression = node.moduleReference.expression;
      if (ts.isStringLiteral(expression)) found.push(expression.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [first] = node.arguments;
      if (first && ts.isStringLiteralLike(first)) found.push(first.text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push(node.argument.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const graph = new Map<string, string[]>();
for (const file of ownFiles) {
  const targets = new Set<string>();
  for (const name of specifiers(file)) {
    const resolved = ts.resolveModuleName(name, file, config.options, ts.sys).resolvedModule?.resolvedFileName;
    if (resolved && ownFiles.has(resolve(resolved))) targets.add(resolve(resolved));
  }
  graph.set(file, [...targets].sort());
}

/** Strongly connected components with more than one file, or a file importing itself (Tarjan). */
function cycles(): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let counter = 0;
  const connect = (file: string): void => {
    index.set(file, counter);
    low.set(file, counter);
    counter += 1;
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!index.has(next)) {
        connect(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(file, Math.min(low.get(file)!, index.get(next)!));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || (graph.get(file) ?? []).includes(file)) found.push(component.sort());
  };
  for (const file of [...graph.keys()].sort()) if (!index.has(file)) connect(file);
  return found;
}

/** One loop through a component, shortest first: a → b → … → a. */
function loopThrough(component: readonly string[]): string[] {
  const inside = new Set(component);
  const start = component[0]!;
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const next of graph.get(file) ?? []) {
      if (!inside.has(next)) continue;
      if (next === start) {
        const path = [file];
        while (path[0] !== start) path.unshift(cameFrom.get(path[0]!)!);
        return [...path, start];
      }
      if (!cameFrom.has(next)) {
        cameFrom.set(next, file);
        queue.push(next);
      }
    }
  }
  return [start, start];
}

const found = cycles();
const name = (file: string) => relative(root, file);
if (found.length === 0) {
  console.log(`import cycles: ${graph.size} files checked, no import cycles`);
} else {
  console.log(`import cycles: ${graph.size} files checked, ${found.length} cycle(s):`);
  for (const component of found) {
    console.log(`- ${component.length} files import each other: ${component.map(name).join(', ')}`);
    console.log(`  for example ${loopThrough(component).map(name).join(' → ')}`);
  }
  process.exitCode = 1;
}
