import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";

const root = path.join(__dirname, "..", "..");

interface Rule {
  match?: string;
  begin?: string;
  end?: string;
  patterns?: Rule[];
}

function regexes(rule: Rule): string[] {
  const own = [rule.match, rule.begin, rule.end].filter((r): r is string => r !== undefined);
  return own.concat(...(rule.patterns ?? []).map(regexes));
}

test("the TextMate grammar's regexes compile and highlight a statement", () => {
  const g = JSON.parse(fs.readFileSync(path.join(root, "syntaxes", "facts.tmLanguage.json"), "utf8"));
  const rules: Rule[] = [...g.patterns, ...Object.values(g.repository as Record<string, Rule>)];
  const all = rules.flatMap(regexes);
  assert.ok(all.length > 5);
  for (const r of all) {
    assert.doesNotThrow(() => new RegExp(r), r);
  }
  const keyword = new RegExp(g.repository.keyword.match);
  assert.ok(keyword.test("uzbekistan member_of csto from 2006-08-16 until 2012-12-19"));
  assert.ok(new RegExp(g.repository.date.match).test("2012-12-19"));
});

test("package.json contributes the language, grammar, commands and settings", () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
  assert.equal(pkg.contributes.languages[0].id, "facts");
  assert.ok(fs.existsSync(path.join(root, pkg.contributes.languages[0].configuration)));
  assert.ok(fs.existsSync(path.join(root, pkg.contributes.grammars[0].path)));
  const commands = pkg.contributes.commands.map((c: { command: string }) => c.command);
  assert.deepEqual(commands, ["factline.restartServer", "factline.showOutput", "factline.setAsOf"]);
  const settings = Object.keys(pkg.contributes.configuration.properties);
  for (const s of ["factline.server.path", "factline.asOf", "factline.facts", "factline.defaultFacts", "factline.severity", "factline.trace.server"]) {
    assert.ok(settings.includes(s), s);
  }
  JSON.parse(fs.readFileSync(path.join(root, "language-configuration.json"), "utf8"));
});
