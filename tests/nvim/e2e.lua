-- End-to-end: a real headless Neovim with the factline plugin, against the real server.
-- Run by tests/nvim/run.sh: nvim --headless --clean -l tests/nvim/e2e.lua <repo> <factline binary> <workdir>
local repo, bin, work = arg[1], arg[2], arg[3]
vim.opt.runtimepath:prepend(repo .. "/editors/nvim")

local failures = 0
local function check(ok, what)
  if ok then
    print("ok   " .. what)
  else
    failures = failures + 1
    print("FAIL " .. what)
  end
end

local function wait_for(what, pred)
  local ok = vim.wait(20000, pred, 20)
  check(ok, what)
  return ok
end

require("factline").setup({ cmd = { bin, "lsp" } })

local note = work .. "/note.md"
local text = {
  "---",
  "as_of: 2026-06-01",
  "---",
  "# The CSTO",
  "",
  "Uzbekistan is a member of the CSTO.",
  "",
  "The CSTO was founded in 1992.",
}
vim.fn.writefile(text, note)
vim.cmd("edit " .. note)
local buf = vim.api.nvim_get_current_buf()
check(vim.bo[buf].filetype == "markdown", "the note is Markdown")

local function diagnostics()
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.source == "factline" then
      table.insert(out, { line = d.lnum, code = d.code })
    end
  end
  table.sort(out, function(a, b) return a.line < b.line end)
  return out
end

wait_for("factline attaches", function()
  return #vim.lsp.get_clients({ bufnr = buf, name = "factline" }) > 0
end)
wait_for("diagnostics arrive", function() return #diagnostics() == 2 end)
local d = diagnostics()
check(d[1] and d[1].line == 5 and d[1].code == "outdated", "line 6 is outdated")
check(d[2] and d[2].line == 7 and d[2].code == "contradicted", "line 8 is contradicted")

local client = vim.lsp.get_clients({ bufnr = buf, name = "factline" })[1]
local hover = client:request_sync("textDocument/hover", {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  position = { line = 5, character = 2 },
}, 10000, buf)
local value = hover and hover.result and hover.result.contents and hover.result.contents.value or ""
check(value:find("factline: outdated", 1, true) ~= nil, "hover names the verdict")
check(value:find("](http", 1, true) ~= nil, "hover cites a source as a link")

-- Go to definition from a note outside the repository: the embedded base has no file here,
-- so nothing, or a file that exists, never a path invented under the notes folder.
local def = client:request_sync("textDocument/definition", {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  position = { line = 5, character = 2 },
}, 10000, buf)
local targets = def and def.result or {}
if targets.uri then
  targets = { targets }
end
local all_exist = true
for _, t in ipairs(targets) do
  local path = vim.uri_to_fname(t.uri or t.targetUri)
  all_exist = all_exist and vim.uv.fs_stat(path) ~= nil
end
check(all_exist, "go to definition never lands on a file that does not exist")

local actions = client:request_sync("textDocument/codeAction", {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  range = { start = { line = 5, character = 0 }, ["end"] = { line = 5, character = 5 } },
  context = { diagnostics = {} },
}, 10000, buf)
local preferred
for _, a in ipairs(actions and actions.result or {}) do
  if a.isPreferred then
    preferred = a
  end
end
check(preferred ~= nil, "a preferred quick fix is offered")
if preferred then
  vim.lsp.util.apply_workspace_edit(preferred.edit, client.offset_encoding)
end
local line6 = vim.api.nvim_buf_get_lines(buf, 5, 6, false)[1]
check(line6 == "Uzbekistan was a member of the CSTO until 2012.", "the fix rewrites the line: " .. tostring(line6))
wait_for("the fixed claim's diagnostic goes away", function() return #diagnostics() == 1 end)

vim.api.nvim_buf_set_lines(buf, 7, 8, false, { "The CSTO was founded in 2002." })
wait_for("editing the last claim clears the diagnostics", function() return #diagnostics() == 0 end)

vim.api.nvim_buf_set_lines(buf, 7, 8, false, { "Stanislav Zas is the Secretary General of the CSTO." })
wait_for("a new outdated claim is reported", function()
  local now = diagnostics()
  return #now == 1 and now[1].line == 7 and now[1].code == "outdated"
end)

-- A configuration change reaches the screen without an edit.
client:notify("workspace/didChangeConfiguration", { settings = { factline = { severity = { outdated = "off" } } } })
wait_for("turning outdated off in the settings clears it on screen", function() return #diagnostics() == 0 end)
client:notify("workspace/didChangeConfiguration", { settings = { factline = { severity = { outdated = "warning" } } } })
wait_for("and turning it back on shows it again", function() return #diagnostics() == 1 end)

check(require("factline").set_as_of("2021-06-01", buf), ":FactlineAsOf sets the date")
check(vim.api.nvim_buf_get_lines(buf, 1, 2, false)[1] == "as_of: 2021-06-01", "as_of is rewritten in the front matter")
wait_for("checked as of 2021, Zas is right", function() return #diagnostics() == 0 end)

vim.fn.writefile({ 'kind state', 'entity a state "A"', 'entity b stat "B"' }, work .. "/base.facts")
vim.cmd("edit " .. work .. "/base.facts")
check(vim.bo.filetype == "facts", ".facts files get the facts filetype")
local facts_buf = vim.api.nvim_get_current_buf()
wait_for("a .facts file gets its problems on open, without an edit", function()
  for _, d in ipairs(vim.diagnostic.get(facts_buf)) do
    if d.lnum == 2 and d.code == "unknown-id" then
      return true
    end
  end
  return false
end)
-- The plugin builds the grammar's parser (a C compiler is there) and highlights with it.
wait_for("the .facts parser is built and highlighting starts", function()
  return vim.treesitter.highlighter.active[facts_buf] ~= nil
end)
vim.treesitter.get_parser(facts_buf, "facts"):parse()
local names = vim.tbl_map(function(c)
  return c.capture
end, vim.treesitter.get_captures_at_pos(facts_buf, 0, 0))
check(vim.tbl_contains(names, "keyword"), "`kind` is highlighted as a keyword: " .. table.concat(names, ","))

-- A curator's checkout: editing its `facts/csto.facts` (a copy of the embedded base's own
-- file) applies the edit instead of clashing with the embedded copy, and saves nothing.
local checkout = work .. "/checkout"
vim.fn.mkdir(checkout .. "/notes", "p")
vim.fn.system({ "cp", "-r", repo .. "/facts", checkout .. "/facts" })
vim.fn.writefile({}, checkout .. "/factline.toml")
vim.fn.writefile({ "The CSTO was founded in 2002." }, checkout .. "/notes/n.md")
vim.cmd("edit " .. checkout .. "/notes/n.md")
local n_buf = vim.api.nvim_get_current_buf()
local function codes(b)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(b)) do
    table.insert(out, tostring(d.code))
  end
  return out
end
wait_for("the checkout's note attaches", function()
  return #vim.lsp.get_clients({ bufnr = n_buf, name = "factline" }) > 0
end)
vim.wait(2000, function() return false end, 50)
check(#codes(n_buf) == 0, "2002 is the CSTO's founding: " .. table.concat(codes(n_buf), ","))
vim.cmd("edit " .. checkout .. "/facts/csto.facts")
local csto_buf = vim.api.nvim_get_current_buf()
local founded
for i, l in ipairs(vim.api.nvim_buf_get_lines(csto_buf, 0, -1, false)) do
  if l:match("^csto_2002: csto founded 2002") then
    founded = i - 1
  end
end
check(founded ~= nil, "the base states the founding year")
vim.api.nvim_buf_set_lines(csto_buf, founded, founded + 1, false, { "csto_2002: csto founded 2003 preferred" })
wait_for("the edit to the checkout's base reaches the note", function()
  return vim.tbl_contains(codes(n_buf), "contradicted")
end)
local clashes = vim.tbl_filter(function(d)
  return d.severity == vim.diagnostic.severity.ERROR
end, vim.diagnostic.get(csto_buf))
check(#clashes == 0, "the checkout's base does not clash with its embedded copy: " .. #clashes .. " errors")
vim.api.nvim_buf_set_lines(csto_buf, founded, founded + 1, false, { "csto_2002: csto founded 2002 preferred" })
wait_for("undoing it clears the note", function() return #codes(n_buf) == 0 end)
check(vim.fn.readfile(checkout .. "/facts/csto.facts")[founded + 1]:match("2002") ~= nil,
  "nothing is written to disk")

print(failures == 0 and "all passed" or (failures .. " failed"))
vim.cmd(failures == 0 and "qall!" or "cquit! 1")
