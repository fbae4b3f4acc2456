-- Starts `imaudit lsp` for the file Neovim opens (as docs/guide/13-editor.md tells a clerk
-- to), waits for its diagnostics and writes them to stdout, one a line:
--   <line>:<col> <code> <message>
-- then, when IMAUDIT_EDIT_LINE is set, replaces that line (0-based) by IMAUDIT_EDIT_TEXT as
-- typing would, waits for the diagnostics to change and writes them again after a "--" line.
-- Neovim 0.7 (Debian 12) has no vim.lsp.start: start_client + buf_attach_client.
local bin = os.getenv("IMAUDIT_BIN")
local root = os.getenv("IMAUDIT_ROOT")
local buf = vim.api.nvim_get_current_buf()
local client = vim.lsp.start_client({
  name = "imaudit",
  cmd = { bin, "lsp" },
  root_dir = root,
})
vim.lsp.buf_attach_client(buf, client)

local function dump()
  local ds = vim.diagnostic.get(buf)
  table.sort(ds, function(a, b)
    if a.lnum ~= b.lnum then return a.lnum < b.lnum end
    return a.col < b.col
  end)
  for _, d in ipairs(ds) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or "?"
    io.stdout:write(string.format("%d:%d %s %s\n", d.lnum, d.col, code, d.message))
  end
  return #ds
end

local function signature()
  local parts = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(parts, d.lnum .. ":" .. d.message)
  end
  table.sort(parts)
  return table.concat(parts, "\n")
end

local got = vim.wait(30000, function() return #vim.diagnostic.get(buf) > 0 end, 20)
if not got then io.stdout:write("no diagnostics\n") end
dump()
local line = tonumber(os.getenv("IMAUDIT_EDIT_LINE") or "")
if line then
  local before = signature()
  vim.api.nvim_buf_set_lines(buf, line, line + 1, false, { os.getenv("IMAUDIT_EDIT_TEXT") })
  vim.wait(30000, function() return signature() ~= before end, 20)
  io.stdout:write("--\n")
  dump()
end
io.stdout:flush()
vim.lsp.stop_client(client)
vim.wait(2000, function() return vim.lsp.get_client_by_id(client) == nil end, 20)
vim.cmd("qa!")
