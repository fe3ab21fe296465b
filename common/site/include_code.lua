-- include_code.lua: a pandoc filter that fills code blocks from the chapters' sources,
-- so that a post can never show code its chapter does not have.
--
--   ```{.c include="03-vga/kernel/console/vga.c" function="vga_putc"}
--   ```
--
-- Selectors (at most one; none means the whole file):
--   function="name"     a C function definition, with the comment right above it;
--                       function="a b c" shows several that follow each other, from
--                       the first's comment to the last's closing brace
--   definition="text"   a braced definition whose first line starts with text, such as
--                       "struct conversion" or "enum vga_colour", with its comment
--   from="a" to="b"     from the first line containing a to the next containing b
--   from="a" through="f"  from the first line containing a to the end of function f
--   from="a" until="b"  from the first line containing a to the line before the next
--                       one containing b (and the blank lines above it)
-- Paths are relative to the repository root. A block that names a file must be empty,
-- and anything that does not resolve stops the build with an error.
--
-- Each listing shows the file's own line numbers, and carries its file and line range
-- (data-file, data-lines="FIRST-LAST") for the checks that read the page
-- (post_coverage.py, follow_along.py). Two more attributes:
--   fold="summary"      the listing goes in a folded block with that one-line summary
--                       (fold.lua draws it as <details>); it stays on the page
--   place="where"       says where this piece goes in its file, for a listing that
--                       comes out of file order (follow_along.py then accepts it); the
--                       text is shown next to the file name
--
-- Leading spaces: from="a" matches any line that contains a, so indentation is seldom
-- needed. Where it is (to pick the indented `def settle(self` rather than a call), do
-- not write from="    def settle(self": pandoc's attribute parser rejects a quoted
-- value that starts with a space, and then the whole fence line becomes inline text,
-- so this filter never sees the block. Write the first space as an entity instead:
--   ```{.python include="common/harness/check.py" from="&#32;   def settle(self" to="..."}
-- (pandoc turns &#32; into a space). build_site.py stops the build, naming the post and
-- line, on any include fence that pandoc did not read as a code block
-- (include_fences.py).

local function fail(message)
  io.stderr:write("include_code.lua: " .. message .. "\n")
  os.exit(1)
end

local function read_lines(path)
  local file = io.open(path, "r")
  if not file then fail("cannot open " .. path) end
  local lines = {}
  for line in file:lines() do lines[#lines + 1] = line end
  file:close()
  return lines
end

local function plain_find(line, text)
  return line:find(text, 1, true) ~= nil
end

-- The comment that ends right above line `first`, if any, is part of the listing: a
-- /* ... */ block back to the line that opens it, or a run of // lines.
local function with_leading_comment(lines, first)
  local above = first - 1
  if above >= 1 and lines[above]:match("%*/%s*$") then
    for start = above, 1, -1 do
      if lines[start]:find("/*", 1, true) then return start end
    end
    return first
  end
  local start = first
  while start > 1 and lines[start - 1]:match("^%s*//") do
    start = start - 1
  end
  return start
end

-- A declaration starting at line i is a definition if a { comes before any ;.
local function is_definition(lines, i)
  for j = i, #lines do
    local brace, semicolon = lines[j]:find("{", 1, true), lines[j]:find(";", 1, true)
    if brace and (not semicolon or brace < semicolon) then return true end
    if semicolon then return false end
  end
  return false
end

-- From line `first`, through the line where braces opened since `first` are closed.
local function braced_block_end(lines, first, what)
  local depth, opened = 0, false
  for i = first, #lines do
    for char in lines[i]:gmatch("[{}]") do
      depth = depth + (char == "{" and 1 or -1)
      opened = true
    end
    if opened and depth == 0 then return i end
  end
  fail("no end of " .. what)
end

local function find_function(lines, name, path, after)
  for i = after or 1, #lines do
    local line = lines[i]
    if line:match("^[%a_]") and line:find("%f[%w_]" .. name .. "%(")
        and is_definition(lines, i) then
      return i, braced_block_end(lines, i, name .. " in " .. path)
    end
  end
  fail(path .. " has no function " .. name .. (after and " after the one before it" or ""))
end

local function select_lines(lines, attributes, path)
  local function_names = attributes["function"]
  local definition = attributes["definition"]
  local from, to, through = attributes["from"], attributes["to"], attributes["through"]
  local until_text = attributes["until"]
  local first, last

  if function_names then
    local after
    for name in function_names:gmatch("%S+") do
      local start, finish = find_function(lines, name, path, after)
      if not first then first = with_leading_comment(lines, start) end
      last, after = finish, finish + 1
    end
  elseif definition then
    for i, line in ipairs(lines) do
      if line:sub(1, #definition) == definition then
        first = i
        break
      end
    end
    if not first then fail(path .. " has no definition starting '" .. definition .. "'") end
    last = braced_block_end(lines, first, definition .. " in " .. path)
    first = with_leading_comment(lines, first)
  elseif from and until_text then
    for i, line in ipairs(lines) do
      if not first and plain_find(line, from) then first = i end
      if first and i > first and plain_find(line, until_text) then
        last = i - 1
        break
      end
    end
    if not first then fail(path .. " has no line containing '" .. from .. "'") end
    if not last then fail(path .. " has no line containing '" .. until_text .. "' after '" .. from .. "'") end
    while last > first and not lines[last]:match("%S") do last = last - 1 end
  elseif from and through then
    for i, line in ipairs(lines) do
      if plain_find(line, from) then first = i break end
    end
    if not first then fail(path .. " has no line containing '" .. from .. "'") end
    local _, finish = find_function(lines, through, path, first)
    last = finish
  elseif from or to then
    if not (from and to) then fail("from= needs to= (or through=) and the other way round") end
    for i, line in ipairs(lines) do
      if not first and plain_find(line, from) then first = i end
      if first and i > first and plain_find(line, to) then
        last = i
        break
      end
    end
    if not first then fail(path .. " has no line containing '" .. from .. "'") end
    if not last then fail(path .. " has no line containing '" .. to .. "' after '" .. from .. "'") end
  else
    first, last = 1, #lines
  end
  return table.concat(lines, "\n", first, last), first, last
end

function CodeBlock(block)
  local path = block.attributes["include"]
  if not path then return nil end
  if block.text:match("%S") then
    fail("the block that includes " .. path .. " must be empty: code comes from the file")
  end
  local text, first, last = select_lines(read_lines(path), block.attributes, path)
  block.text = text
  local fold, place = block.attributes["fold"], block.attributes["place"]
  for _, key in ipairs({ "include", "function", "definition", "from", "to", "through", "until",
                         "fold", "place" }) do
    block.attributes[key] = nil
  end
  block.classes:insert("numberLines")
  block.attributes["startFrom"] = tostring(first)
  local caption = { pandoc.Code(path) }
  if place then
    caption[#caption + 1] = pandoc.Space()
    caption[#caption + 1] = pandoc.Emph({ pandoc.Str("(" .. place .. ")") })
  end
  local listing = pandoc.Div({ pandoc.Para(caption), block }, pandoc.Attr("", { "listing" },
    { ["data-file"] = path, ["data-lines"] = first .. "-" .. last,
      ["data-place"] = place }))
  if fold then
    return pandoc.Div({ listing }, pandoc.Attr("", { "fold" }, { summary = fold }))
  end
  return listing
end
