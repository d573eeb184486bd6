/**
 * Lists the functions of apps/ and packages/ (tests, browser tests and generated files left out) longer than a
 * number of lines, longest first, with the TypeScript compiler's parser:
 *
 *   node scripts/long-functions.mjs        # over 150 lines
 *   node scripts/long-functions.mjs 100
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';

const ROOT = resolve(import.meta.dirname, '..');
const limit = Number(process.argv[2] ?? 150);

function* sources(dir) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sources(path);
    else if (/\.tsx?$/.test(name) && !/\.(d|gen)\.ts$/.test(name)) yield path;
  }
}

/** The function's name, or what names it: the variable, property or call it is given to. */
function nameOf(node) {
  if (node.name) return node.name.getText();
  const parent = node.parent;
  if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)))
    return parent.name.getText();
  if (parent && ts.isCallExpression(parent))
    return `(callback of ${parent.expression.getText().slice(0, 40)})`;
  return '(anonymous)';
}

const found = [];
for (const dir of ['apps', 'packages'])
  for (const file of sources(join(ROOT, dir))) {
    if (/\.test\.|\/test\/|\/e2e\//.test(file)) continue;
    const kind = file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
    const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, kind);
    const visit = (node) => {
      if (
        ts.isFunctionDeclaration(node) ||
        ts.isMethodDeclaration(node) ||
        ts.isArrowFunction(node) ||
        ts.isFunctionExpression(node)
      ) {
        const first = sf.getLineAndCharacterOfPosition(node.getStart()).line;
        const lines = sf.getLineAndCharacterOfPosition(node.getEnd()).line - first + 1;
        if (lines > limit)
          found.push({ lines, name: nameOf(node), where: `${relative(ROOT, file)}:${first + 1}` });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
found.sort((a, b) => b.lines - a.lines);
for (const f of found) console.log(`${String(f.lines).padStart(5)}  ${f.name.padEnd(40)} ${f.where}`);
console.log(`${found.length} functions over ${limit} lines`);
