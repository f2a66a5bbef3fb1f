import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as path from "path";
import { asOfEdit, initializationOptions, isDate, resolveServerPath } from "../src/config";

test("server path: the setting wins, relative to the workspace", () => {
  assert.equal(resolveServerPath("/opt/factline", "/usr/bin", ["/w"], () => true), "/opt/factline");
  assert.equal(resolveServerPath("bin/factline", "/usr/bin", ["/w"], () => true), path.join("/w", "bin/factline"));
});

test("server path: PATH, then the workspace build, then nothing", () => {
  const onPath = (f: string) => f === "/usr/local/bin/factline";
  assert.equal(resolveServerPath("", "/usr/bin:/usr/local/bin", ["/w"], onPath), "/usr/local/bin/factline");
  const built = (f: string) => f === path.join("/w", "target", "release", "factline");
  assert.equal(resolveServerPath(undefined, "/usr/bin", ["/w"], built), path.join("/w", "target", "release", "factline"));
  assert.equal(resolveServerPath(undefined, "/usr/bin", ["/w"], () => false), undefined);
  assert.equal(resolveServerPath("", "C:\\bin", [], (f) => f === path.join("C:\\bin", "factline.exe"), "win32"), path.join("C:\\bin", "factline.exe"));
});

test("settings map to initializationOptions; bad values are reported, not sent", () => {
  const { options, problems } = initializationOptions({
    asOf: "2024-13",
    facts: ["eu.facts"],
    defaultFacts: false,
    severity: { outdated: "error", disputed: "loud" },
  });
  assert.deepEqual(options, { facts: ["eu.facts"], default_facts: false, severity: { outdated: "error" } });
  assert.equal(problems.length, 2);
  assert.match(problems[0], /factline.asOf/);
  assert.match(problems[1], /factline.severity.disputed/);
  assert.deepEqual(initializationOptions({ asOf: "2024-01-01", defaultFacts: true }).options, { as_of: "2024-01-01" });
});

test("dates are checked like factline checks them", () => {
  for (const ok of ["2024", "2024-02", "2024-02-29", "1999-12-31"]) {
    assert.ok(isDate(ok), ok);
  }
  for (const bad of ["2024-13", "2023-02-29", "24", "2024-1-1", "0000", "2024-04-31"]) {
    assert.ok(!isDate(bad), bad);
  }
});

test("as_of goes into the front matter", () => {
  assert.deepEqual(asOfEdit(["---", "title: x", "as_of: 2020", "---", "text"], "2024"), { line: 2, replace: true, text: "as_of: 2024" });
  assert.deepEqual(asOfEdit(["---", "title: x", "---"], "2024"), { line: 2, replace: false, text: "as_of: 2024\n" });
  assert.deepEqual(asOfEdit(["# Note"], "2024"), { line: 0, replace: false, text: "---\nas_of: 2024\n---\n" });
});
