-- `.facts` files are factline fact bases.
vim.filetype.add({ extension = { facts = "facts" } })
