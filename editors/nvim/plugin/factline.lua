-- Loaded on startup: only filetype detection; the server starts with require("factline").setup().
vim.filetype.add({ extension = { facts = "facts" } })
