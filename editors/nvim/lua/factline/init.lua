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
}

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
  vim.api.nvim_create_user_command("FactlineAsOf", function(args)
    M.set_as_of(args.args)
  end, { nargs = 1, desc = "factline: check this note as of a date (sets as_of in the front matter)" })
  return config
end

return M
