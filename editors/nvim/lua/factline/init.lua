--- factline for Neovim 0.11+: registers `factline lsp` for Markdown notes and `.facts` files.
---
--- require("factline").setup({
---   cmd = { "factline", "lsp" },         -- the server command
---   filetypes = { "markdown", "facts" },
---   root_markers = { "factline.toml", ".git" },
---   init_options = { as_of = "2024-01-01", facts = { "facts/eu.facts" }, default_facts = true,
---                    severity = { outdated = "error" } },
--- })
local M = {}

M.defaults = {
  cmd = { "factline", "lsp" },
  filetypes = { "markdown", "facts" },
  root_markers = { "factline.toml", ".git" },
  init_options = vim.empty_dict(),
  -- `.facts` highlighting: the tree-sitter grammar's sources (`grammar/src` of the
  -- repository this plugin came from), compiled with `cc` on first use. False: never.
  grammar = nil,
}

--- The repository's `grammar/src`, found from this file (editors/nvim/lua/factline/).
local function grammar_src()
  local here = debug.getinfo(1, "S").source:sub(2)
  return vim.fs.normalize(vim.fs.dirname(here) .. "/../../../../grammar/src")
end

--- The compiled `.facts` parser: built from `src` when missing or older than its source,
--- if a C compiler is there. Returns its path, or nil and why not.
function M.build_parser(src)
  local parser_c = src .. "/parser.c"
  local source = vim.uv.fs_stat(parser_c)
  if not source then
    return nil, "no tree-sitter grammar at " .. src
  end
  local out = vim.fn.stdpath("data") .. "/factline/facts.so"
  local built = vim.uv.fs_stat(out)
  if built and built.mtime.sec >= source.mtime.sec then
    return out
  end
  local cc = vim.env.CC or "cc"
  if vim.fn.executable(cc) ~= 1 then
    return nil, "no C compiler (" .. cc .. ") to build the .facts parser"
  end
  vim.fn.mkdir(vim.fs.dirname(out), "p")
  local result = vim.system({ cc, "-o", out, "-shared", "-fPIC", "-O2", "-I", src, parser_c }):wait()
  if result.code ~= 0 then
    return nil, "building the .facts parser failed: " .. (result.stderr or "")
  end
  return out
end

--- Starts tree-sitter highlighting in a `.facts` buffer (queries ship in editors/nvim/queries).
local function highlight(bufnr, src)
  if not pcall(vim.treesitter.language.inspect, "facts") then
    local path, why = M.build_parser(src)
    if not path then
      vim.notify("factline: " .. why, vim.log.levels.WARN)
      return
    end
    vim.treesitter.language.add("facts", { path = path })
  end
  pcall(vim.treesitter.start, bufnr, "facts")
end

--- The buffer's front matter `as_of:` line number (1-based) and the front matter's end, if any.
local function front_matter(lines)
  if lines[1] ~= "---" then
    return nil
  end
  for i = 2, #lines do
    if lines[i] == "---" or lines[i] == "..." then
      local as_of
      for j = 2, i - 1 do
        if lines[j]:match("^as_of:") then
          as_of = j
        end
      end
      return { as_of = as_of, close = i }
    end
  end
  return nil
end

--- Sets the note's date (`as_of` in its front matter), adding front matter if needed.
function M.set_as_of(date, bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  if not date:match("^%d%d%d%d$") and not date:match("^%d%d%d%d%-%d%d$") and not date:match("^%d%d%d%d%-%d%d%-%d%d$") then
    vim.notify("factline: expected YYYY, YYYY-MM or YYYY-MM-DD, got " .. date, vim.log.levels.ERROR)
    return false
  end
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  local fm = front_matter(lines)
  local line = "as_of: " .. date
  if fm and fm.as_of then
    vim.api.nvim_buf_set_lines(bufnr, fm.as_of - 1, fm.as_of, false, { line })
  elseif fm then
    vim.api.nvim_buf_set_lines(bufnr, fm.close - 1, fm.close - 1, false, { line })
  else
    vim.api.nvim_buf_set_lines(bufnr, 0, 0, false, { "---", line, "---" })
  end
  return true
end

function M.setup(opts)
  local config = vim.tbl_deep_extend("force", M.defaults, opts or {})
  vim.filetype.add({ extension = { facts = "facts" } })
  vim.lsp.config("factline", {
    cmd = config.cmd,
    filetypes = config.filetypes,
    root_markers = config.root_markers,
    init_options = config.init_options,
  })
  vim.lsp.enable("factline")
  if config.grammar ~= false then
    local src = config.grammar or grammar_src()
    vim.api.nvim_create_autocmd("FileType", {
      pattern = "facts",
      callback = function(ev)
        highlight(ev.buf, src)
      end,
      desc = "factline: tree-sitter highlighting for .facts files",
    })
  end
  vim.api.nvim_create_user_command("FactlineAsOf", function(args)
    M.set_as_of(args.args)
  end, { nargs = 1, desc = "factline: check this note as of a date (sets as_of in the front matter)" })
  return config
end

return M
